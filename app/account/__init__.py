"""The signed-in citizen's own pages: overview, messages sent to them, activity on their case."""


def plug_in(app) -> None:
    """What the citizen's own pages contribute to the kernel (see app/slots.py): the messages
    of changing one's phone number or e-mail."""
    from app.account.purposes import PURPOSES
    from app.notifications.purposes import declare

    declare(app, *PURPOSES)
