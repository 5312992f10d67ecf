"""How the plan's values read on a page, in the reader's language."""

from collections.abc import Callable
from datetime import date

from flask_babel import format_date
from flask_babel import gettext as _

from app.i18n import format_hours
from app.plan.labels import DUTY


def change_shower() -> Callable[[str, object], str]:
    """The `show` function for plan.changes: dates, hours and duty as text in the current locale."""

    def show(name: str, value) -> str:
        if value is None or value == "":
            return _("(empty)")
        if isinstance(value, bool):
            return str(DUTY[value])
        if isinstance(value, date):
            return format_date(value, "long")
        if name == "hours_per_week":
            return format_hours(value)
        return str(value)

    return show
