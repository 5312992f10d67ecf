"""Reporting sickness and recovery: the citizen's reports, the exemption they open, staff follow-up."""


def plug_in(app) -> None:
    """What sickness contributes to others' pages (see app/slots.py). Imported here, not at
    the top: importing the package for one module must not load them all."""
    from app import slots
    from app.notifications.purposes import declare
    from app.rules.mandates import REPORT_SICKNESS, VIEW
    from app.sickness import follow_up, labels
    from app.sickness.card import front_page_card, to_do_items
    from app.sickness.purposes import PURPOSES

    card = slots.FrontPageCard("sickness", front_page_card, to_do_items, (VIEW, REPORT_SICKNESS))
    slots.plug(app, slots.FRONT_PAGE, card)
    slots.plug(app, slots.EVENT_FACTS, labels.EVENT_FACTS)
    slots.plug(app, slots.STAFF_PANEL, slots.StaffPanel("sickness", follow_up.staff_panel))
    declare(app, *PURPOSES)
