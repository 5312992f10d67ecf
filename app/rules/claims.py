"""Expense claims (udlæg): amounts as people write them, the approval limit, and what makes two
claims the same invoice.

Pure functions on plain values. Rules: DOMAIN.md, "Uploading invoices for reimbursement" (an
approval limit of 1,000 kr above which a manager must approve; duplicates by the same file or the
same vendor + invoice number + amount, because an e-invoice can be printed many times).
"""

import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal

from app.rules.settings import from_section

MAX_AMOUNT_ORE = 100_000_000  # 1,000,000 kr: anything larger is a typing mistake


@dataclass(frozen=True)
class ClaimSettings:
    approval_limit_kr: int = 1000  # above this, a manager approves

    @classmethod
    def from_settings(cls, settings: dict | None) -> "ClaimSettings":
        return from_section(cls, settings, "claims")


def needs_manager(amount_ore: int, settings: ClaimSettings) -> bool:
    return amount_ore > settings.approval_limit_kr * 100


class AmountNotUnderstood(ValueError):
    """Not an amount in kroner and øre, or zero, negative or absurdly large."""


_CURRENCY = re.compile(r"^(?:kr\.?|dkk)|(?:kr\.?|dkk|,-)$", re.IGNORECASE)
_ARABIC_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")  # and Persian
ARABIC_DECIMAL_SIGN, ARABIC_THOUSANDS_SIGN = "٫", "٬"


def parse_amount(text: str, decimal_sign: str = ",") -> int:
    """Øre from an amount written the way the language with `decimal_sign` writes it.

    With "," (Danish, Ukrainian): "1.234,50", "1 234,50", "1.234" is 1234 kr. With "." (English,
    Arabic): "1,234.50", "1,234" is 1234 kr. In every language: Arabic-Indic digits and signs
    ("١٬٢٣٤٫٥٠"), spaces, "kr."/"DKK"/",-", one sign before one or two last digits as the
    decimal sign ("12.50" and "12,50"), and both signs in the other language's order
    ("1.234,50" in English). Refused as ambiguous: one sign before three digits that is not the
    language's thousands sign ("1,234" in Danish: 1234 kr. or 1,234?)."""
    group_sign = "." if decimal_sign == "," else ","
    arabic_signs_as_ours = (
        (text or "").replace(ARABIC_DECIMAL_SIGN, decimal_sign).replace(ARABIC_THOUSANDS_SIGN, group_sign)
    )
    cleaned = _CURRENCY.sub("", re.sub(r"\s", "", arabic_signs_as_ours.translate(_ARABIC_DIGITS))).strip()
    return _ore(_plain_number(cleaned, decimal_sign, group_sign), text)


def _plain_number(cleaned: str, decimal_sign: str, group_sign: str) -> str | None:
    """ "1234.50" from the cleaned text, or None when it is not a whole amount in either order."""
    if re.fullmatch(r"[0-9]+(?:[.,][0-9]{1,2})?", cleaned):  # no thousands: the sign is decimal
        return cleaned.replace(",", ".")
    for decimal, group in ((decimal_sign, group_sign), (group_sign, decimal_sign)):
        grouped = rf"[0-9]{{1,3}}(?:{re.escape(group)}[0-9]{{3}})+"
        if re.fullmatch(grouped + rf"{re.escape(decimal)}[0-9]{{1,2}}", cleaned) or (
            decimal == decimal_sign and re.fullmatch(grouped, cleaned)
        ):
            return cleaned.replace(group, "").replace(decimal, ".")
    return None


def _ore(number: str | None, text: str) -> int:
    if number is None:
        raise AmountNotUnderstood(text)
    ore = int(Decimal(number) * 100)
    if not 0 < ore <= MAX_AMOUNT_ORE:
        raise AmountNotUnderstood(text)
    return ore


def invoice_key(vendor: str, invoice_number: str, amount_ore: int) -> tuple[str, str, int]:
    """What makes two claims the same invoice, whatever the spacing, case or dashes."""
    return _fold(vendor), re.sub(r"[\s\-./]", "", _fold(invoice_number)), amount_ore


def _fold(text: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", text or "").casefold().split())
