"""The citizen's sickness forms. There is no field for a diagnosis, on purpose."""

from flask_babel import lazy_gettext as _l
from wtforms import TextAreaField
from wtforms.validators import InputRequired, NumberRange, Optional, ValidationError

from app.cases import about_citizen
from app.forms import DayField, HoursField, PortalForm, at_most, reword, stripped
from app.sickness.services import SickReport

TODAY_OR_EARLIER = _l("Today or an earlier day.")


class SickForm(PortalForm):
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

    @classmethod
    def for_reader(cls) -> "SickForm":
        """The form as the reader needs it: a helper reports about the citizen (their first name)."""
        form, name = cls(), about_citizen()
        if name is not None:
            values = {"name": name}
            reword(form.first_day, required=_l("Write the first sick day of %(name)s.") % values)
            reword(
                form.expected_return_on,
                label=_l("The day %(name)s expects to be well again (optional)") % values,
            )
            reword(
                form.partial_hours,
                label=_l("Is %(name)s partly sick? Hours a week %(name)s can still work (optional)") % values,
                description=_l("Leave empty if %(name)s cannot work at all.") % values,
            )
            reword(
                form.note,
                description=_l("Do not write what illness %(name)s has. The jobcenter does not need to know.")
                % values,
            )
        return form

    def validate_expected_return_on(self, field):
        if field.data and self.first_day.data and field.data <= self.first_day.data:
            name = about_citizen()
            if name is not None:
                raise ValidationError(
                    _l("The day %(name)s expects to be well again must be after the first sick day.")
                    % {"name": name}
                )
            raise ValidationError(
                _l("The day you expect to be well again must be after your first sick day.")
            )

    def report(self) -> SickReport:
        return SickReport(
            self.first_day.data, self.expected_return_on.data, self.partial_hours.data, self.note.data or ""
        )


class RecoveryForm(PortalForm):
    recovered_on = DayField(
        _l("First day you are well again"),
        description=TODAY_OR_EARLIER,
        validators=[InputRequired(message=_l("Write the first day you are well again."))],
    )

    @classmethod
    def for_reader(cls) -> "RecoveryForm":
        form, name = cls(), about_citizen()
        if name is not None:
            reword(
                form.recovered_on,
                label=_l("First day %(name)s is well again") % {"name": name},
                required=_l("Write the first day %(name)s is well again.") % {"name": name},
            )
        return form
