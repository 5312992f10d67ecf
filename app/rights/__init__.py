"""Citizens' data rights: a copy of everything held about them (aktindsigt, GDPR art. 15 and 20)."""


def plug_in(app) -> None:
    """What the data rights contribute (see app/slots.py): the notice that a helper took a copy."""
    from app.notifications.purposes import declare
    from app.rights.purposes import PURPOSES

    declare(app, *PURPOSES)
