"""Citizens log in with their CPR number and a one-time code sent to their phone or e-mail."""


def plug_in(app) -> None:
    """What login contributes to the kernel (see app/slots.py): the worker turns the queued
    "send me a code" requests into messages before each batch it sends."""
    from app import slots
    from app.auth.purposes import PURPOSES
    from app.auth.services import handle_code_requests
    from app.notifications.purposes import declare

    slots.plug(app, slots.BEFORE_EACH_BATCH, handle_code_requests)
    declare(app, *PURPOSES)
