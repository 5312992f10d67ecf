"""Form pieces shared by several features: filters and validators for contact details."""

from copy import copy
from decimal import Decimal, InvalidOperation

from flask import current_app, request
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf import FlaskForm
from flask_wtf.form import _Auto
from jinja2 import pass_context
from sqlalchemy import select
from werkzeug.routing import IntegerConverter
from wtforms import DateField, DecimalField
from wtforms.validators import InputRequired, Length, ValidationError
from wtforms.widgets import TextInput

from app import drafts
from app.extensions import db
from app.models import Jobcenter
from app.rules.contact import normalise_email, sms_number


class PortalForm(FlaskForm):
    """Every form of the portal. Shown again on its page (a GET) after a language switch or a
    time-out, it is filled with what was typed (app/drafts.py) and checked, so its errors show."""

    class Meta:
        def wrap_formdata(self, form, formdata):
            if formdata is _Auto and request.method == "GET" and (kept := drafts.restore_for(form)):
                form.restored_from_draft = True
                return kept
            return super().wrap_formdata(form, formdata)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if getattr(self, "restored_from_draft", False):
            self.validate()


class ActionForm(PortalForm):
    """A button that changes something: only the CSRF token."""


def stripped(value) -> str:
    return (value or "").strip()


MAX_ROW_ID = 2**31 - 1  # the largest id an INTEGER column holds on PostgreSQL


def row_ids(values: list[str]) -> list[int]:
    """The values that can be a row's id; the rest are ignored.

    Not str.isdigit() alone: it accepts "²", which int() refuses, and a long run of digits
    overflows the database's integer (SQLite raises instead of finding nothing)."""
    return [
        int(value)
        for value in values
        if value.isascii() and value.isdigit() and len(value) <= 10 and int(value) <= MAX_ROW_ID
    ]


class RowIdConverter(IntegerConverter):
    """`<int:…>` in our URLs is a row id: a number too large for the database is a 404."""

    def __init__(self, url_map, *args, **kwargs):
        kwargs.setdefault("max", MAX_ROW_ID)
        super().__init__(url_map, *args, **kwargs)


SMS_NUMBER_PROBLEMS = {
    "invalid": _l("Write a phone number like 20 12 34 56 or +45 20 12 34 56."),
    "country": _l(
        "We cannot send text messages to numbers in that country. Write a Danish or other EU mobile number."
    ),
    "not_mobile": _l("That number cannot get text messages. Write a mobile number."),
}


def sms_countries(jobcenter=None) -> set[str]:
    """Countries whose mobile numbers may get codes and links typed by someone: the jobcenter's
    settings["sms"]["countries"], else SMS_COUNTRIES. Without a jobcenter (a helper logging in),
    any country some jobcenter allows."""
    if jobcenter is not None:
        return _countries_in(jobcenter.settings)
    every = [_countries_in(settings) for settings in db.session.scalars(select(Jobcenter.settings))]
    return set().union(*every) if every else set(current_app.config["SMS_COUNTRIES"])


def _countries_in(settings: dict | None) -> set[str]:
    chosen = ((settings or {}).get("sms") or {}).get("countries")
    return {code.upper() for code in chosen} if chosen else set(current_app.config["SMS_COUNTRIES"])


def mobile_or_empty(field) -> None:
    """Like phone_or_empty, for a number that will get a text message: a mobile number of a
    country the signed-in user's jobcenter allows (no premium, satellite or landline numbers).
    Empty is allowed."""
    if field.data:
        jobcenter = getattr(current_user, "jobcenter", None)  # helpers and visitors have none
        number, problem = sms_number(field.data, sms_countries(jobcenter))
        field.data = number or _refuse(SMS_NUMBER_PROBLEMS[problem])


def email_or_empty(field) -> None:
    if field.data:
        field.data = normalise_email(field.data) or _refuse(
            _l("Write an e-mail address like name@example.dk.")
        )


def at_most(characters: int) -> Length:
    return Length(max=characters, message=_l("Write at most %(max)d characters."))  # Length fills in max


def _refuse(message):
    raise ValidationError(message)


def error_links(form) -> list[tuple[str, str]]:
    """(field id, first message) of every field with an error, also inside lists of sub-forms,
    for the error summary. The CSRF token has its own message there."""
    links = []
    for field in form:
        if hasattr(field, "entries"):  # a FieldList
            for entry in field.entries:
                links += error_links(entry.form) if hasattr(entry, "form") else _own_error(entry)
        elif field.short_name != "csrf_token":
            links += _own_error(field)
    return links


@pass_context
def form_failed(context) -> bool:
    """Whether a form on the page being rendered has errors: the page's <title> then starts with
    "Error:" and its error summary takes the focus. Looks at the forms the view passed, also
    inside a dict or list of forms (the staff citizen page has one per exemption)."""
    return any(form.errors for form in _forms_in(context.get_all().values()))


@pass_context
def failed_form_name(context) -> str:
    """Which form of the page failed, for the language switch to fill in the same one again."""
    failed = [form for form in _forms_in(context.get_all().values()) if form.errors]
    return drafts.form_name(failed[0]) if failed else ""


def _forms_in(values) -> list:
    forms = []
    for value in values:
        if isinstance(value, FlaskForm):
            forms.append(value)
        elif isinstance(value, dict | list | tuple):
            items = value.values() if isinstance(value, dict) else value
            forms += [item for item in items if isinstance(item, FlaskForm)]
    return forms


def _own_error(field) -> list[tuple[str, str]]:
    return [(field.id, field.errors[0])] if field.errors else []


class DayField(DateField):
    """A date typed into <input type="date"> (or as 2026-11-23 without it), with our own message."""

    def __init__(self, label=None, validators=None, **kwargs):
        super().__init__(label, validators, format="%Y-%m-%d", **kwargs)

    def process_formdata(self, valuelist):
        try:
            super().process_formdata(valuelist)
        except ValueError:
            self.data = None
            raise ValueError(str(_l("Write the date like 2026-11-23."))) from None


class HoursField(DecimalField):
    """Hours a week as typed in Denmark ("7,5") or with a point, with our own message. A plain
    text input: <input type="number"> refuses the Danish decimal comma in many browsers."""

    widget = TextInput()

    def process_formdata(self, valuelist):
        text = (valuelist[0] if valuelist else "").strip().replace(",", ".")
        try:
            self.data = Decimal(text) if text else None
        except InvalidOperation:
            self.data = None
            raise ValueError(str(_l("Write the hours as a number, like 12 or 7,5."))) from None


def reword(field, label=None, description=None, required=None) -> None:
    """Change what one bound field says (e.g. for a helper reading about the citizen). The
    validators are shared by every form of the class, so the required one is copied, not changed."""
    if label is not None:
        field.label.text = label
    if description is not None:
        field.description = description
    if required is not None:
        field.validators = [
            _with_message(v, required) if isinstance(v, InputRequired) else v for v in field.validators
        ]


def _with_message(validator, message):
    changed = copy(validator)
    changed.message = message
    return changed
