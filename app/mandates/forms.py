"""Forms for giving, asking for and changing a helper's access, and the helper's login."""

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, SelectMultipleField, StringField
from wtforms.validators import DataRequired, InputRequired, ValidationError
from wtforms.widgets import CheckboxInput, ListWidget

from app.forms import DayField, PortalForm, at_most, mobile_or_empty, stripped
from app.mandates.labels import SCOPE
from app.mandates.services import Grant, NewHelper
from app.models.types import utcnow
from app.rules import mandates as rules
from app.rules.contact import looks_like_an_address
from app.rules.cpr import normalise
from app.rules.dates import danish_today, numeric_date


class CheckboxesField(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


def _today():
    return danish_today(utcnow())


def just_a_name(form, field) -> None:
    """A helper's name is shown to citizens and staff: it must not carry a link, an e-mail
    address or a phone number that would read as the jobcenter's own advice."""
    if field.data and looks_like_an_address(field.data):
        raise ValidationError(_l("Write only a name, without a web address, e-mail address or phone number."))


class HelperFields(PortalForm):
    """Who helps. Declared before GrantFields so the fields come first on the page."""

    name = StringField(
        _l("The helper's name"),
        filters=[stripped],
        validators=[DataRequired(message=_l("Write the helper's name.")), at_most(200), just_a_name],
    )
    phone = StringField(
        _l("The helper's mobile number"),
        filters=[stripped],
        description=_l("The helper logs in with this number and gets the invitation by SMS."),
        validators=[DataRequired(message=_l("Write the helper's mobile number."))],
    )

    def validate_phone(self, field):
        mobile_or_empty(field)

    def new_helper(self) -> NewHelper:
        return NewHelper(self.name.data, self.phone.data)


class GrantFields(PortalForm):
    scopes = CheckboxesField(_l("What may the helper do?"), validate_choice=False)
    ends_on = DayField(_l("Until which day?"), validators=[InputRequired(message=_l("Write the last day."))])

    def __init__(self, offered: tuple[str, ...], *args, **kwargs):
        kwargs.setdefault("ends_on", rules.default_end(_today()))
        super().__init__(*args, **kwargs)
        self.scopes.choices = [(scope, SCOPE[scope]) for scope in offered]
        self.ends_on.description = _l(
            "At most 3 years ahead: %(date)s at the latest.", date=numeric_date(rules.latest_end(_today()))
        )

    def validate_scopes(self, field):
        offered = {value for value, _label in field.choices}
        if not field.data or not set(field.data) <= offered:
            raise ValidationError(_l("Choose at least one thing the helper may do."))

    def validate_ends_on(self, field):
        if field.data and not rules.end_is_allowed(field.data, _today()):
            raise ValidationError(_l("Choose a day from today and at most 3 years ahead."))

    def grant(self) -> Grant:
        return Grant(tuple(self.scopes.data), self.ends_on.data)


class InviteForm(HelperFields, GrantFields):
    pass


class ChangeForm(GrantFields):
    pass


class PaperForm(HelperFields, GrantFields):
    signed_on = DayField(
        _l("Day the form was signed"),
        validators=[InputRequired(message=_l("Write the day the form was signed."))],
    )
    checked = BooleanField(
        _l("I have checked the citizen's signature and the helper's identity."),
        validators=[DataRequired(message=_l("Check the form and the helper's ID first, then tick the box."))],
    )

    def validate_signed_on(self, field):
        if field.data and field.data > _today():
            raise ValidationError(_l("The day the form was signed cannot be after today."))


class RequestAccessForm(PortalForm):
    cpr = StringField(
        _l("CPR number of the person you want to help"),
        filters=[stripped],
        description=_l("10 digits, for example 010190-1234."),
        validators=[DataRequired(message=_l("Write the CPR number."))],
    )
    scopes = CheckboxesField(_l("What do you want to help with?"), validate_choice=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Whether job search may be confirmed depends on the citizen's jobcenter, which the
        # helper must not learn from this form; the citizen's approval form offers it.
        offered = [scope for scope in rules.SCOPES if scope != rules.CONFIRM_JOB_SEARCH]
        self.scopes.choices = [(scope, SCOPE[scope]) for scope in offered]

    validate_scopes = GrantFields.validate_scopes

    def validate_cpr(self, field):
        if normalise(field.data) is None:
            raise ValidationError(
                _l("A CPR number has 10 digits: the birth date and 4 more. For example 010190-1234.")
            )


class HelperLoginForm(PortalForm):
    phone = StringField(
        _l("Your mobile number"),
        filters=[stripped],
        description=_l("We send a code to this number by SMS."),
        validators=[DataRequired(message=_l("Write your mobile number."))],
    )

    def validate_phone(self, field):
        mobile_or_empty(field)


class HelperNameForm(PortalForm):
    name = StringField(
        _l("Your name"),
        filters=[stripped],
        description=_l("The people you help see this name."),
        validators=[DataRequired(message=_l("Write your name.")), at_most(200), just_a_name],
    )
