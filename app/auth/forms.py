from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import RadioField, SelectChoice, StringField
from wtforms.validators import InputRequired, Regexp, ValidationError

from app.rules.cpr import normalise

HAVE_CODE = "have_code"


class RequestCodeForm(FlaskForm):
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
            SelectChoice(HAVE_CODE, _l("I already have a code from a letter")),
        ],
        default="sms",
        validators=[InputRequired(message=_l("Choose where we should send the code."))],
    )

    def validate_cpr(self, field):
        if normalise(field.data) is None:
            raise ValidationError(
                _l("A CPR number has 10 digits: your birth date and 4 more. For example 010190-1234.")
            )


class CodeForm(FlaskForm):
    code = StringField(
        _l("Code"),
        validators=[
            InputRequired(message=_l("Enter the code from the message.")),
            Regexp(r"^\s*\d{6}\s*$", message=_l("The code has 6 digits.")),
        ],
        description=_l("6 digits. The code works for 10 minutes."),
    )
