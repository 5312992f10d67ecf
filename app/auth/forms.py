import re

from flask_babel import lazy_gettext as _l
from wtforms import RadioField, SelectChoice, StringField
from wtforms.validators import InputRequired, ValidationError

from app.forms import PortalForm
from app.rules import login as rules
from app.rules.cpr import normalise

HAVE_CODE = "have_code"
_ASCII_DIGITS = re.compile(r"[0-9]+")


class RequestCodeForm(PortalForm):
    cpr = StringField(
        _l("CPR number"),
        validators=[InputRequired(message=_l("Enter your CPR number."))],
        description=_l("10 digits, for example 010190-1234."),
    )
    channel = RadioField(
        _l("Where should we send the code?"),
        choices=[
            SelectChoice("sms", _l("Text message (SMS) to my phone")),
            SelectChoice("email", _l("E-mail")),
            SelectChoice("letter", _l("Letter by post. It takes a few days.")),
            SelectChoice(HAVE_CODE, _l("I already have a code from a letter or from the jobcenter")),
        ],
        default="sms",
        validators=[InputRequired(message=_l("Choose where we should send the code."))],
    )

    def validate_cpr(self, field):
        if normalise(field.data) is None:
            raise ValidationError(
                _l("A CPR number has 10 digits: your birth date and 4 more. For example 010190-1234.")
            )


class CodeForm(PortalForm):
    """A code from an SMS or e-mail. Digits of any script, spaces and dashes are accepted."""

    lengths = (rules.CODE_DIGITS,)
    length_message = _l("The code has 6 digits.")

    code = StringField(
        _l("Code"),
        filters=[rules.typed_code],
        validators=[InputRequired(message=_l("Enter the code from the message."))],
        description=_l("6 digits. The code works for 10 minutes."),
    )

    def validate_code(self, field):
        if not (_ASCII_DIGITS.fullmatch(field.data) and len(field.data) in self.lengths):
            raise ValidationError(self.length_message)


class LoginCodeForm(CodeForm):
    """The citizen's code: from an SMS or e-mail they asked for, or a long one from a letter or
    sent by staff (app/rules/login.py)."""

    lengths = (rules.CODE_DIGITS, rules.LONG_CODE_DIGITS)
    length_message = _l("The code has 6 digits, or 10 digits if it came in a letter or from the jobcenter.")

    code = StringField(
        _l("Code"),
        filters=[rules.typed_code],
        validators=[InputRequired(message=_l("Enter the code from the message."))],
        description=_l("6 digits from the SMS or e-mail, or 10 digits from a letter or from the jobcenter."),
    )
