"""Citizens' data rights: a copy of everything held about them (aktindsigt, GDPR art. 15 and 20)."""


def plug_in(app) -> None:
    """What the data rights contribute (see app/slots.py): their messages, and the copies the
    worker built, which the activity page lists (`prepared_copies(case)` in its template) and the
    staff citizen page too for desk copies (`desk_copies(citizen, current_user)`)."""
    from app.notifications.purposes import declare
    from app.rights.large import copies_on_page, desk_copies_on_page
    from app.rights.purposes import PURPOSES

    declare(app, *PURPOSES)
    app.add_template_global(copies_on_page, "prepared_copies")
    app.add_template_global(desk_copies_on_page, "desk_copies")
