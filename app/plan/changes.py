"""What changed between two versions of a plan: the citizen's "what is new" view.

Pure: works on any objects with the plan's attributes, so it is tested with plain values.
Activities are matched by title (ignoring case and spaces at the ends), since that is how a
citizen recognises them; a renamed activity shows as one removed and one added.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

PLAN_FIELDS = ("goals", "job_search_requirements", "contact_person", "mentor")
ACTIVITY_FIELDS = ("provider", "starts_on", "ends_on", "hours_per_week", "is_duty", "purpose", "gain")


@dataclass(frozen=True)
class FieldChange:
    name: str
    before: str
    after: str


@dataclass(frozen=True)
class ActivityChange:
    kind: str  # added | removed | changed
    activity: object  # the new activity (the old one when removed)
    fields: list[FieldChange] = field(default_factory=list)


@dataclass(frozen=True)
class PlanChanges:
    fields: list[FieldChange]
    activities: list[ActivityChange]

    @property
    def none(self) -> bool:
        return not self.fields and not self.activities


def _identity(_name: str, value) -> str:
    return "" if value is None else str(value)


def changes_between(old, new, show: Callable[[str, object], str] = _identity) -> PlanChanges:
    """The differences from `old` to `new`; `show(field name, value)` turns values into text."""
    return PlanChanges(
        fields=_field_changes(old, new, PLAN_FIELDS, show),
        activities=_activity_changes(old.activities, new.activities, show),
    )


def _field_changes(old, new, names, show) -> list[FieldChange]:
    pairs = ((name, show(name, getattr(old, name)), show(name, getattr(new, name))) for name in names)
    return [FieldChange(name, before, after) for name, before, after in pairs if before != after]


def _key(activity) -> str:
    return " ".join(activity.title.split()).casefold()


def _activity_changes(old_activities, new_activities, show) -> list[ActivityChange]:
    old_by_title = {_key(activity): activity for activity in old_activities}
    new_titles = {_key(activity) for activity in new_activities}
    changes = []
    for activity in new_activities:
        before = old_by_title.get(_key(activity))
        if before is None:
            changes.append(ActivityChange("added", activity))
        elif differences := _field_changes(before, activity, ACTIVITY_FIELDS, show):
            changes.append(ActivityChange("changed", activity, differences))
    removed = [a for a in old_activities if _key(a) not in new_titles]
    return changes + [ActivityChange("removed", activity) for activity in removed]


def same_content(old, new) -> bool:
    """Whether `new` says exactly what `old` says: every field and every activity, in order.
    Stricter than `changes_between` (which ignores case in titles): publishing a version the
    citizen could not tell from the one in force only sends them a message for nothing."""
    if any(getattr(old, name) != getattr(new, name) for name in PLAN_FIELDS):
        return False
    old_activities, new_activities = list(old.activities), list(new.activities)
    return len(old_activities) == len(new_activities) and all(
        getattr(before, name) == getattr(after, name)
        for before, after in zip(old_activities, new_activities, strict=True)
        for name in ("title", *ACTIVITY_FIELDS)
    )
