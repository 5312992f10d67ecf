"""Plain names for claim codes, and the sentence for each reason a file was refused."""

from flask_babel import format_decimal
from flask_babel import lazy_gettext as _l

from app.claims import files
from app.i18n import label

CATEGORY = {
    "materials": _l("Materials (for education or rehabilitation)"),
    "transport": _l("Transport"),
    "work_clothes": _l("Work clothes"),
    "course_fee": _l("Course fee"),
    "other": _l("Other"),
}
STATUS = {
    "submitted": _l("Waiting for the jobcenter"),
    "awaiting_manager": _l("Approved by a caseworker, waiting for a manager"),
    "approved": _l("Approved"),
    "rejected": _l("Rejected"),
}
DUPLICATE = {
    "same_file": _l("The same file was handed in before"),
    "same_invoice": _l("The same vendor, invoice number and amount were handed in before"),
}
REFUSAL = {
    files.EMPTY: _l("%(name)s is empty. Choose the file again, or take a new photo."),
    files.TOO_LARGE: _l(
        "%(name)s is larger than 10 MB. Take a photo of the invoice instead, or save the PDF smaller."
    ),
    files.WRONG_TYPE: _l(
        "%(name)s is not a PDF, JPEG, PNG or HEIC file. Save or photograph the invoice as one of those."
    ),
    files.CORRUPT: _l(
        "%(name)s could not be opened. It may be damaged. Choose it again, or take a new photo."
    ),
    files.ENCRYPTED: _l(
        "%(name)s is locked with a password. Send a copy without a password, or a photo of the invoice."
    ),
    files.SCRIPT: _l(
        "%(name)s contains a program (JavaScript), so we cannot accept it. Print it to a new PDF, or send a "
        "photo of the invoice."
    ),
    files.BOMB: _l(
        "%(name)s has too many pixels to open. Take a new photo with the camera's normal settings."
    ),
    files.LINK: _l(
        "%(name)s contains links that open websites or other files, so we cannot accept it. Print it to a "
        "new PDF, or send a photo of the invoice."
    ),
    files.ATTACHMENT: _l(
        "%(name)s has other files or media hidden inside it, so we cannot accept it. Print it to a new PDF, "
        "or send a photo of the invoice."
    ),
    files.TOO_COMPLEX: _l(
        "%(name)s is too complicated for us to open safely. Print it to a new PDF, or send a photo of the "
        "invoice."
    ),
}


def refusal_text(refusal) -> str:
    return str(REFUSAL[refusal.reason]) % {"name": refusal.filename or "?"}


def amount_number(amount_ore: int) -> str:
    """ "1.234,50" in Danish, "1,234.50" in English and Arabic: as the active language writes it."""
    return format_decimal(amount_ore / 100, format="#,##0.00")


def amount_text(amount_ore: int) -> str:
    """ "1.234,50 kr." in Danish; the locale's own digits and separators elsewhere."""
    return str(_l("%(amount)s kr.")) % {"amount": amount_number(amount_ore)}


# The sentences for the details claims audit (account/event_facts.py).
EVENT_FACTS = {
    "amount_ore": lambda value, _a: amount_text(value),
    "duplicate": lambda value, _a: label(DUPLICATE, value) if value else None,
}
