from flask_babel import lazy_gettext as _l
from wtforms import EmailField, StringField
from wtforms.validators import DataRequired

from app.forms import PortalForm, email_or_empty, mobile_or_empty, stripped


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
