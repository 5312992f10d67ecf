"""Confirming job search: the duty, its reminders, the ways to confirm and staff follow-up."""


def plug_in(app) -> None:
    """What job search contributes to the kernel (see app/slots.py). Imported here, not at the
    top: importing the package for one module must not load them all."""
    from app import slots
    from app.job_search.sms_replies import handle_inbound

    slots.plug(app, slots.INBOUND_SMS, handle_inbound)
