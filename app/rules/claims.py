"""Expense claims (udlæg): amounts as people write them, the approval limit, and what makes two
claims the same invoice.

Pure functions on plain values. Rules: DOMAIN.md, "Uploading invoices" (an approval limit of
1,000 kr above which a manager must approve, seeds 001 L2388; duplicates by the same file or the
same vendor + invoice number + amount, 001 L1076-1089).
"""

import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

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
_THOUSANDS_WITH_POINTS = re.compile(r"^\d{1,3}(?:\.\d{3})+$")


def parse_amount(text: str) -> int:
    """Øre from "1.234,50", "1234,5", "1 234 kr.", "12.50" or "1.234" (Danish thousands)."""
    cleaned = _CURRENCY.sub("", re.sub(r"\s", "", text or "")).strip()
    if "," in cleaned:  # a decimal comma; points before it group thousands
        whole, _, fraction = cleaned.rpartition(",")
        cleaned = whole.replace(".", "") + "." + fraction
    elif _THOUSANDS_WITH_POINTS.match(cleaned):
        cleaned = cleaned.replace(".", "")
    if not re.fullmatch(r"\d+(?:\.\d{1,2})?", cleaned):
        raise AmountNotUnderstood(text)
    try:
        ore = int(Decimal(cleaned) * 100)
    except InvalidOperation:
        raise AmountNotUnderstood(text) from None
    if not 0 < ore <= MAX_AMOUNT_ORE:
        raise AmountNotUnderstood(text)
    return ore


def invoice_key(vendor: str, invoice_number: str, amount_ore: int) -> tuple[str, str, int]:
    """What makes two claims the same invoice, whatever the spacing, case or dashes."""
    return _fold(vendor), re.sub(r"[\s\-./]", "", _fold(invoice_number)), amount_ore


def _fold(text: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", text or "").casefold().split())
