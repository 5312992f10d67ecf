"""The citizen's claim form and the caseworker's decision forms."""

from babel.numbers import get_decimal_symbol
from flask_babel import LazyString, get_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from wtforms import (
    BooleanField,
    FileField,
    MultipleFileField,
    RadioField,
    SelectChoice,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, InputRequired, ValidationError

from app.cases import about_citizen
from app.claims.labels import CATEGORY, amount_number
from app.claims.services import ClaimDetails
from app.forms import DayField, PortalForm, at_most, reword, stripped
from app.models.types import utcnow
from app.rules.claims import AmountNotUnderstood, parse_amount
from app.rules.dates import danish_today

EXAMPLE_ORE = 123450


def _amount_hint() -> str:
    return _("For example %(amount)s", amount=amount_number(EXAMPLE_ORE))


def _amount_problem() -> str:
    return _("Write the amount in kroner, like %(amount)s.", amount=amount_number(EXAMPLE_ORE))


def decimal_sign() -> str:
    """The active language's decimal sign: "," in Danish and Ukrainian, "." in English and Arabic."""
    return get_decimal_symbol(get_locale())


ACCEPTED_TYPES = "application/pdf,image/jpeg,image/png,image/heic,image/heif,.pdf,.jpg,.jpeg,.png,.heic,.heif"


class ClaimForm(PortalForm):
    category = RadioField(
        _l("What did you pay for?"),
        choices=[SelectChoice(code, label) for code, label in CATEGORY.items()],
        validators=[InputRequired(message=_l("Choose what you paid for."))],
    )
    amount = StringField(
        _l("Amount in kroner"),
        filters=[stripped],
        description=LazyString(_amount_hint),  # written as the page's language writes amounts
        validators=[DataRequired(message=_l("Write the amount."))],
    )
    invoice_date = DayField(
        _l("Date on the invoice"), validators=[InputRequired(message=_l("Write the date on the invoice."))]
    )
    vendor = StringField(
        _l("Shop or company on the invoice"),
        filters=[stripped],
        validators=[DataRequired(message=_l("Write the shop or company.")), at_most(200)],
    )
    invoice_number = StringField(
        _l("Invoice number"),
        filters=[stripped],
        description=_l("Write 0 if the receipt has no number."),
        validators=[DataRequired(message=_l("Write the invoice number.")), at_most(100)],
    )
    description = TextAreaField(
        _l("What was it for? (optional)"), filters=[stripped], validators=[at_most(2000)]
    )
    files = MultipleFileField(
        _l("Choose files"), description=_l("PDF, JPEG, PNG or HEIC. At most 5 files, 10 MB each.")
    )
    photo = FileField(_l("Or take a photo of the invoice"))
    send_anyway = BooleanField(_l("Send it anyway. I have not been paid for this invoice before."))

    @classmethod
    def for_reader(cls) -> "ClaimForm":
        """A helper hands in the citizen's invoice: the questions name the citizen."""
        form, name = cls(), about_citizen()
        if name is not None:
            reword(
                form.category,
                label=_l("What did %(name)s pay for?") % {"name": name},
                required=_l("Choose what %(name)s paid for.") % {"name": name},
            )
            reword(
                form.send_anyway,
                label=_l("Send it anyway. %(name)s has not been paid for this invoice before.")
                % {"name": name},
            )
        return form

    def validate_amount(self, field):
        try:
            self.amount_ore = parse_amount(field.data, decimal_sign())
        except AmountNotUnderstood:
            raise ValidationError(_amount_problem()) from None

    def validate_invoice_date(self, field):
        if field.data and field.data > danish_today(utcnow()):
            raise ValidationError(_l("The date on the invoice cannot be after today."))

    def details(self) -> ClaimDetails:
        return ClaimDetails(
            self.category.data,
            self.amount_ore,
            self.invoice_date.data,
            self.vendor.data,
            self.invoice_number.data,
            self.description.data or "",
        )


class RejectForm(PortalForm):
    reason = TextAreaField(
        _l("Reason, in words the citizen understands"),
        filters=[stripped],
        validators=[DataRequired(message=_l("Write the reason.")), at_most(1000)],
    )
