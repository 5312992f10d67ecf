"""Target groups (målgrupper) and the duties each one has.

The one place that says which groups must confirm job search and acknowledge Min Plan
(DOMAIN.md, "Target groups and their duties").
A jobcenter may override the table through its settings when the law changes.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Duties:
    confirm_job_search: bool
    acknowledge_plan: bool


_ACTIVE = Duties(confirm_job_search=True, acknowledge_plan=True)
_NONE = Duties(confirm_job_search=False, acknowledge_plan=False)

DEFAULT_DUTIES: dict[str, Duties] = {
    "dagpenge": _ACTIVE,
    "kontanthjaelp_jobparat": _ACTIVE,
    "uddannelseshjaelp_aabenlyst": _ACTIVE,
    "kontanthjaelp_aktivitetsparat": _NONE,
    "uddannelseshjaelp_uddannelsesparat": _NONE,
    "uddannelseshjaelp_aktivitetsparat": _NONE,
    "sygedagpenge": _NONE,
    "ledighedsydelse": _NONE,
    "fleksjob": _NONE,
    "revalidering": _NONE,
    "ressourceforloeb": _NONE,
    "jobafklaring": _NONE,
    "selvforsoergelse": _NONE,
}

TARGET_GROUPS: tuple[str, ...] = tuple(DEFAULT_DUTIES)


def is_known(target_group: str) -> bool:
    return target_group in DEFAULT_DUTIES


def duties_for(target_group: str, overrides: dict[str, dict] | None = None) -> Duties:
    """Duties of `target_group`, with a jobcenter's `overrides` (group -> field -> bool) applied."""
    base = DEFAULT_DUTIES[target_group]
    changes = (overrides or {}).get(target_group, {})
    return Duties(
        confirm_job_search=bool(changes.get("confirm_job_search", base.confirm_job_search)),
        acknowledge_plan=bool(changes.get("acknowledge_plan", base.acknowledge_plan)),
    )
