"""Meetings (samtaler): citizens see them, add them to a calendar and say in time when they
cannot come; staff book and record them and prove that every summons was on time."""


def plug_in(app) -> None:
    """What meetings contribute to others' pages (see app/slots.py). Imported here, not at the
    top: importing the package for one module must not load them all."""
    from app import slots
    from app.meetings import follow_up
    from app.meetings.card import front_page_card
    from app.meetings.purposes import PURPOSES
    from app.notifications.purposes import declare
    from app.rules.mandates import MEETINGS, VIEW

    slots.plug(
        app, slots.FRONT_PAGE, slots.FrontPageCard("meetings", front_page_card, None, (VIEW, MEETINGS))
    )
    slots.plug(app, slots.STAFF_PANEL, slots.StaffPanel("meetings", follow_up.staff_panel))
    declare(app, *PURPOSES)
