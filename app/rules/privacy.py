"""Per-jobcenter privacy policy: how a citizen's list of who looked at their case names staff.

Some municipalities show each staff member's name (the default: the citizen can ask about a
specific look-up); others, to protect staff, show only the role ("Caseworker").
"""

from dataclasses import dataclass

from app.rules.settings import from_section


@dataclass(frozen=True)
class PrivacySettings:
    staff_names_in_lookups: bool = True

    @classmethod
    def from_settings(cls, settings: dict | None) -> "PrivacySettings":
        return from_section(cls, settings, "privacy")
