"""The citizen's to-do list at the top of the front page: one short sentence per task, with its
deadline, from the cards of each feature."""

from flask_babel import format_date
from flask_babel import gettext as _


def to_do(job_search, plan, sickness) -> list[str]:
    items = []
    if job_search.risk_of_deregistration:
        items.append(_("Confirm your job search now."))
    elif job_search.needs_action:
        items.append(_("Confirm your job search by %(date)s.",
                       date=format_date(job_search.status.deadline_on, "long")))
    if plan.needs_action and plan.late:
        items.append(_("Confirm now that you have received your new plan."))
    elif plan.needs_action:
        items.append(_("Confirm that you have received your new plan, by %(date)s.",
                       date=format_date(plan.acknowledge_by, "long")))
    if sickness.recovery_overdue:
        items.append(_("Tell us if you are well again."))
    return items
