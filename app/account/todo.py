"""The citizen's to-do list at the top of the front page: one short sentence per task, with its
deadline, from the cards of each feature. A helper sees the tasks their mandate lets them see."""

from flask_babel import format_date
from flask_babel import gettext as _

from app.rules.mandates import ACKNOWLEDGE_PLAN, CONFIRM_JOB_SEARCH, REPORT_SICKNESS, VIEW


def to_do(job_search, plan, sickness, case) -> list[str]:
    """For a helper the tasks name the citizen: they are the citizen's duties, not the helper's."""
    name = case.citizen.first_name if case.by_helper else None
    items = []
    if case.allows(VIEW, CONFIRM_JOB_SEARCH):
        items += _job_search_items(job_search, name)
    if case.allows(VIEW, ACKNOWLEDGE_PLAN):
        items += _plan_items(plan, name)
    if case.allows(VIEW, REPORT_SICKNESS) and sickness.recovery_overdue:
        items.append(
            _("Tell us if %(name)s is well again.", name=name)
            if name
            else _("Tell us if you are well again.")
        )
    return items


def _job_search_items(job_search, name: str | None) -> list[str]:
    if job_search.risk_of_deregistration:
        return [
            _("%(name)s must confirm the job search now.", name=name)
            if name
            else _("Confirm your job search now.")
        ]
    if job_search.needs_action:
        date = format_date(job_search.status.deadline_on, "long")
        if name:
            return [_("%(name)s must confirm the job search by %(date)s.", name=name, date=date)]
        return [_("Confirm your job search by %(date)s.", date=date)]
    return []


def _plan_items(plan, name: str | None) -> list[str]:
    if plan.needs_action and plan.late:
        if name:
            return [_("%(name)s must confirm now that the new plan has been received.", name=name)]
        return [_("Confirm now that you have received your new plan.")]
    if plan.needs_action:
        date = format_date(plan.acknowledge_by, "long")
        if name:
            return [
                _(
                    "%(name)s must confirm that the new plan has been received, by %(date)s.",
                    name=name,
                    date=date,
                )
            ]
        return [_("Confirm that you have received your new plan, by %(date)s.", date=date)]
    return []
