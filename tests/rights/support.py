"""Signed-in clients without the login pages (those have their own tests), as the authorization
matrix does: the session a login would leave."""

from app.auth.session_timeout import session_values_for
from app.cases import ACTING_FOR
from app.extensions import db
from app.models.types import utcnow


def signed_in(app, user, mandate=None, language: str = "en"):
    """A client signed in as `user` (a citizen, staff member or helper; a helper acting under
    `mandate`), showing pages in `language`."""
    client = app.test_client()
    with client.session_transaction() as session:
        session.update(session_values_for(user.get_id(), utcnow()))
        session["lang"] = language
        if mandate is not None:
            session[ACTING_FOR] = mandate.id
    db.session.commit()
    return client
