from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from wtforms import EmailField, PasswordField, RadioField, SearchField, SelectChoice, StringField
from wtforms.validators import DataRequired, EqualTo, InputRequired, Length

from app.forms import PortalForm, email_or_empty, mobile_or_empty, stripped
from app.i18n import label

ID_DOCUMENTS = [
    SelectChoice("passport", _l("Passport")),
    SelectChoice("driving_licence", _l("Driving licence")),
    SelectChoice("residence_card", _l("Residence card")),
    SelectChoice("known_in_person", _l("Known to me in person, with the health insurance card")),
]


class StaffLoginForm(PortalForm):
    email = EmailField(_l("Work e-mail"), validators=[InputRequired(message=_l("Enter your work e-mail."))])
    password = PasswordField(_l("Password"), validators=[InputRequired(message=_l("Enter your password."))])


class SearchForm(PortalForm):
    """Sent by POST: a CPR number in a URL ends up in access logs, browser history and bookmarks."""

    q = SearchField(
        _l("CPR number, name or phone"),
        filters=[stripped],
        validators=[DataRequired(message=_l("Write a CPR number, a name or a phone number."))],
    )


class SendCodeForm(PortalForm):
    channel = RadioField(
        _l("Send the code by"),
        choices=[
            SelectChoice("sms", _l("SMS to the phone on file")),
            SelectChoice("email", _l("E-mail to the address on file")),
        ],
        validators=[InputRequired(message=_l("Choose SMS or e-mail."))],
    )


class ContactForm(PortalForm):
    phone = StringField(
        _l("Phone number"), filters=[stripped], description=_l("Leave empty if the citizen has no phone.")
    )
    email = EmailField(
        _l("E-mail"), filters=[stripped], description=_l("Leave empty if the citizen has no e-mail.")
    )
    id_seen = RadioField(
        _l("Which ID did you check?"),
        choices=ID_DOCUMENTS,
        validators=[InputRequired(message=_l("Choose the ID you checked."))],
    )

    def validate_phone(self, field):
        mobile_or_empty(field)

    def validate_email(self, field):
        email_or_empty(field)


ROLE_CHOICES = [
    SelectChoice("front_desk", _l("Front desk")),
    SelectChoice("caseworker", _l("Caseworker")),
    SelectChoice("manager", _l("Manager")),
    SelectChoice("admin", _l("Administrator")),
]


class NewStaffForm(PortalForm):
    name = StringField(
        _l("Name"), filters=[stripped], validators=[DataRequired(message=_l("Write the name."))]
    )
    email = EmailField(
        _l("Work e-mail"), filters=[stripped], validators=[DataRequired(message=_l("Enter the work e-mail."))]
    )
    phone = StringField(
        _l("Work phone (for login codes)"),
        filters=[stripped],
        description=_l("Leave empty to send login codes by e-mail."),
    )
    role = RadioField(
        _l("Role"), choices=ROLE_CHOICES, validators=[InputRequired(message=_l("Choose a role."))]
    )

    def validate_email(self, field):
        email_or_empty(field)
        field.data = field.data.lower()

    def validate_phone(self, field):
        mobile_or_empty(field)


class RoleForm(PortalForm):
    role = RadioField(_l("Role"), choices=ROLE_CHOICES, validators=[InputRequired()])


class SetPasswordForm(PortalForm):
    password = PasswordField(
        _l("New password"),
        validators=[
            InputRequired(message=_l("Write a password.")),
            Length(min=12, message=_l("The password must have at least 12 characters.")),
        ],
        description=_l("At least 12 characters. A few words you remember are fine."),
    )
    repeat = PasswordField(
        _l("The same password again"),
        validators=[
            InputRequired(message=_l("Write the password again.")),
            EqualTo("password", message=_l("The two passwords are not the same. Write them again.")),
        ],
    )


ID_DOCUMENT = {choice.value: choice.label for choice in ID_DOCUMENTS}
# The sentences for the details staff audit (account/event_facts.py).
EVENT_FACTS = {
    "id_seen": lambda value, _a: _("ID checked: %(document)s", document=label(ID_DOCUMENT, value)),
}
