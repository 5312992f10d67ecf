from flask_babel import lazy_gettext as _l
from wtforms import RadioField, SelectChoice, SelectField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, Optional, ValidationError

from app.forms import DayField, PortalForm, stripped

EXEMPTION_KINDS = [
    SelectChoice("parental_leave", _l("Parental leave (barsel)")),
    SelectChoice("sickness", _l("Sickness")),
    SelectChoice("holiday", _l("Holiday")),
    SelectChoice("treatment", _l("Documented treatment")),
    SelectChoice("job_start", _l("Starting a job")),
    SelectChoice("other", _l("Other")),
]

DECISIONS = [
    SelectChoice("no_consequence", _l("No consequence: the citizen had a good reason")),
    SelectChoice("sanction_assessment", _l("Assess a reduction of benefits (the citizen is heard first)")),
    SelectChoice("deregistered", _l("Deregistered as looking for work")),
]


class ExemptionForm(PortalForm):
    kind = RadioField(
        _l("Kind of exemption"),
        choices=EXEMPTION_KINDS,
        validators=[InputRequired(message=_l("Choose the kind of exemption."))],
    )
    starts_on = DayField(_l("First day"), validators=[InputRequired(message=_l("Write the first day."))])
    ends_on = DayField(
        _l("Last day (optional)"),
        validators=[Optional()],
        description=_l("Leave empty if the end is not known yet."),
    )
    note = TextAreaField(
        _l("Note for colleagues (optional)"),
        filters=[stripped],
        validators=[Length(max=500, message=_l("Write at most 500 characters."))],
    )

    def validate_ends_on(self, field):
        if field.data and self.starts_on.data and field.data < self.starts_on.data:
            raise ValidationError(_l("The last day cannot be before the first day."))


class EndExemptionForm(PortalForm):
    ends_on = DayField(
        _l("Last day of the exemption"), validators=[InputRequired(message=_l("Write the last day."))]
    )

    def __init__(self, exemption, **kwargs):
        super().__init__(prefix=f"end-{exemption.id}", **kwargs)
        self.first_day = exemption.starts_on

    def validate_ends_on(self, field):
        if field.data and field.data < self.first_day:
            raise ValidationError(_l("The last day cannot be before the first day."))


class DoNotSanctionForm(PortalForm):
    reason = TextAreaField(
        _l("Reason not to sanction"),
        filters=[stripped],
        validators=[Length(max=500, message=_l("Write at most 500 characters."))],
        description=_l("Leave empty to remove the marking."),
    )


class DecisionForm(PortalForm):
    decision = RadioField(
        _l("Decision"), choices=DECISIONS, validators=[InputRequired(message=_l("Choose the decision."))]
    )
    reason = TextAreaField(
        _l("Reason, in words the citizen understands"),
        filters=[stripped],
        validators=[
            DataRequired(message=_l("Write the reason.")),
            Length(max=1000, message=_l("Write at most 1000 characters.")),
        ],
    )


class FollowUpFilterForm(PortalForm):
    class Meta:
        csrf = False  # a GET filter changes nothing

    stage = SelectField(
        _l("Stage"),
        choices=[
            SelectChoice("", _l("All")),
            SelectChoice("extended", _l("Missed: extra days running")),
            SelectChoice("follow_up", _l("Risk of deregistration")),
        ],
        validators=[Optional()],
    )
    flag = SelectField(
        _l("Do-not-sanction marking"),
        choices=[
            SelectChoice("", _l("All")),
            SelectChoice("marked", _l("Only marked")),
            SelectChoice("unmarked", _l("Only not marked")),
        ],
        validators=[Optional()],
    )
