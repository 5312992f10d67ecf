from flask_babel import lazy_gettext as _l
from wtforms import EmailField, RadioField, SelectChoice, StringField, ValidationError
from wtforms.validators import DataRequired, InputRequired

from app.forms import PortalForm, email_or_empty, mobile_or_empty, stripped
from app.i18n import LANGUAGE_NAMES


class PhoneForm(PortalForm):
    phone = StringField(
        _l("New phone number"),
        filters=[stripped],
        validators=[DataRequired(message=_l("Write your new phone number."))],
        description=_l("We send a code to it by SMS."),
    )

    def validate_phone(self, field):
        mobile_or_empty(field)


class EmailForm(PortalForm):
    email = EmailField(
        _l("New e-mail"),
        filters=[stripped],
        validators=[DataRequired(message=_l("Write your new e-mail address."))],
        description=_l("We send a code to it by e-mail."),
    )

    def validate_email(self, field):
        email_or_empty(field)


class PreferencesForm(PortalForm):
    """How we contact the citizen: the language of our messages (not of the page they are on),
    which channel we try first, and whether we send SMS at all (as a STOP reply does)."""

    message_language = RadioField(
        _l("Language of our messages"),
        choices=[SelectChoice(code, name) for code, name in LANGUAGE_NAMES.items()],
        validators=[InputRequired(message=_l("Choose the language of our messages."))],
    )
    first_channel = RadioField(
        _l("How we try first"),
        choices=[SelectChoice("sms", _l("SMS first")), SelectChoice("email", _l("E-mail first"))],
        validators=[InputRequired(message=_l("Choose SMS first or e-mail first."))],
        description=_l("If that does not reach you, we try the other, and then a letter."),
    )
    sms = RadioField(
        _l("SMS from the jobcenter"),
        choices=[SelectChoice("on", _l("Yes, send me SMS")), SelectChoice("off", _l("No SMS"))],
        validators=[InputRequired(message=_l("Choose whether we may send you SMS."))],
    )

    def validate_first_channel(self, field):
        if field.data == "email" and not self.citizen_email_verified:
            raise ValidationError(_l("You have no confirmed e-mail yet. Add one below first."))

    citizen_email_verified = False  # set by the route from the citizen's details
