"""Relatives' shared access (fuldmagt): helpers with their own login act for a citizen within
the scopes of a mandate. See DOMAIN.md, "Relatives' shared access"."""


def plug_in(app) -> None:
    """What mandates contributes to others' pages (see app/slots.py)."""
    from app import slots
    from app.mandates import labels
    from app.mandates.purposes import PURPOSES
    from app.mandates.services import staff_panel
    from app.notifications.purposes import declare

    slots.plug(app, slots.EVENT_FACTS, labels.EVENT_FACTS)
    slots.plug(app, slots.STAFF_PANEL, slots.StaffPanel("mandates", staff_panel))
    declare(app, *PURPOSES)
