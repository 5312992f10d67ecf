"""Jobcenter staff: log in, find citizens of their own jobcenter, restore access, print letters."""


def plug_in(app) -> None:
    """What staff contributes to others' pages (see app/slots.py)."""
    from app import slots
    from app.notifications.purposes import declare
    from app.staff import forms
    from app.staff.purposes import PURPOSES

    slots.plug(app, slots.EVENT_FACTS, forms.EVENT_FACTS)
    declare(app, *PURPOSES)
