"""Expense claims (udlæg): the citizen hands in invoices with their files; staff review them."""


def plug_in(app) -> None:
    """What expense claims contributes to others' pages (see app/slots.py)."""
    from app import slots
    from app.claims import labels
    from app.claims.purposes import PURPOSES
    from app.claims.services import staff_panel
    from app.notifications.purposes import declare

    slots.plug(app, slots.EVENT_FACTS, labels.EVENT_FACTS)
    slots.plug(app, slots.STAFF_PANEL, slots.StaffPanel("claims", staff_panel))
    declare(app, *PURPOSES)
