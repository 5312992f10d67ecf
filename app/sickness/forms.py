"""The citizen's sickness forms. There is no field for a diagnosis, on purpose."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import TextAreaField
from wtforms.validators import InputRequired, NumberRange, Optional, ValidationError

from app.forms import DayField, HoursField, at_most, stripped
from app.sickness.services import SickReport

TODAY_OR_EARLIER = _l("Today or an earlier day.")


class SickForm(FlaskForm):
    first_day = DayField(
        _l("First sick day"),
        description=TODAY_OR_EARLIER,
        validators=[InputRequired(message=_l("Write your first sick day."))],
    )
    expected_return_on = DayField(
        _l("The day you expect to be well again (optional)"),
        validators=[Optional()],
        description=_l("Leave empty if you do not know."),
    )
    partial_hours = HoursField(
        _l("Are you partly sick? Hours a week you can still work (optional)"),
        validators=[
            Optional(),
            NumberRange(min=0, max=37, message=_l("Write a number of hours from 0 to 37.")),
        ],
        description=_l("Leave empty if you cannot work at all."),
    )
    note = TextAreaField(
        _l("Message to the jobcenter (optional)"),
        filters=[stripped],
        validators=[at_most(1000)],
        description=_l("Do not write what illness you have. The jobcenter does not need to know."),
    )

    def validate_expected_return_on(self, field):
        if field.data and self.first_day.data and field.data <= self.first_day.data:
            raise ValidationError(
                _l("The day you expect to be well again must be after your first sick day.")
            )

    def report(self) -> SickReport:
        return SickReport(
            self.first_day.data, self.expected_return_on.data, self.partial_hours.data, self.note.data or ""
        )


class RecoveryForm(FlaskForm):
    recovered_on = DayField(
        _l("First day you are well again"),
        description=TODAY_OR_EARLIER,
        validators=[InputRequired(message=_l("Write the first day you are well again."))],
    )
