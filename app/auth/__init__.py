"""Citizens log in with their CPR number and a one-time code sent to their phone or e-mail."""


def plug_in(app) -> None:
    """What login contributes to the kernel (see app/slots.py): the worker turns the queued
    "send me a code" requests into messages before each batch it sends. With a MitID broker
    configured, the login pages show its button (app/auth/mitid.py)."""
    from app import slots
    from app.auth import mitid
    from app.auth.purposes import PURPOSES
    from app.auth.services import handle_code_requests
    from app.notifications.purposes import declare

    slots.plug(app, slots.BEFORE_EACH_BATCH, handle_code_requests)
    mitid.init_app(app)
    if mitid.is_configured(app):  # logging out continues at the broker (RP-initiated log-out)
        slots.plug(app, slots.FORM_TARGETS, mitid.broker_origin(app))
    app.context_processor(lambda: {"mitid_enabled": mitid.is_configured(app)})
    declare(app, *PURPOSES)
