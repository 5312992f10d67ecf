"""Min Plan: staff publish versions; citizens read, confirm receipt or comment."""


def plug_in(app) -> None:
    """What Min Plan contributes to others' pages (see app/slots.py). Imported here, not at
    the top: importing the package for one module must not load them all."""
    from app import slots
    from app.notifications.purposes import declare
    from app.plan import labels
    from app.plan.card import front_page_card, staff_panel, to_do_items
    from app.plan.purposes import PURPOSES
    from app.rules.mandates import ACKNOWLEDGE_PLAN, VIEW

    card = slots.FrontPageCard("plan", front_page_card, to_do_items, (VIEW, ACKNOWLEDGE_PLAN))
    slots.plug(app, slots.FRONT_PAGE, card)
    slots.plug(app, slots.EVENT_FACTS, labels.EVENT_FACTS)
    slots.plug(app, slots.STAFF_PANEL, slots.StaffPanel("plan", staff_panel))
    declare(app, *PURPOSES)
