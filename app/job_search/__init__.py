"""Confirming job search: the duty, its reminders, the ways to confirm and staff follow-up."""


def plug_in(app) -> None:
    """What job search contributes to the kernel (see app/slots.py). Imported here, not at the
    top: importing the package for one module must not load them all."""
    from app import slots
    from app.job_search import receipts
    from app.job_search.card import job_search_card, to_do_items
    from app.job_search.follow_up import decisions_for_front_page
    from app.job_search.purposes import PURPOSES
    from app.job_search.services import exemptions_for_front_page
    from app.job_search.sms_replies import handle_inbound
    from app.job_search.staff_panel import staff_panel
    from app.notifications.purposes import declare
    from app.rules.mandates import CONFIRM_JOB_SEARCH, VIEW

    slots.plug(app, slots.INBOUND_SMS, handle_inbound)
    slots.plug(app, slots.EVENT_FACTS, receipts.EVENT_FACTS)
    for card in (
        slots.FrontPageCard("card", job_search_card, to_do_items, (VIEW, CONFIRM_JOB_SEARCH)),
        slots.FrontPageCard("exemptions", exemptions_for_front_page),
        slots.FrontPageCard("decisions", decisions_for_front_page),
    ):
        slots.plug(app, slots.FRONT_PAGE, card)
    slots.plug(app, slots.STAFF_PANEL, slots.StaffPanel("job_search", staff_panel))
    declare(app, *PURPOSES)
