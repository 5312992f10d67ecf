"""`flask staff …`: managing staff from the command line (`ops` adds `flask staff add`)."""

import click
from flask.cli import AppGroup
from sqlalchemy import select

from app.audit import Actor
from app.extensions import db
from app.models import StaffUser
from app.models.types import utcnow
from app.staff import services

staff_group = AppGroup("staff", help="Manage staff accounts.")
COMMAND_LINE = Actor("system", None, "command line")


@staff_group.command("deactivate")
@click.argument("email")
def deactivate_command(email: str):
    """Stop EMAIL from logging in and end every session of theirs at once."""
    user = db.session.scalar(select(StaffUser).where(StaffUser.email == email.strip().lower()))
    if user is None:
        raise click.ClickException(f"No staff member has the e-mail {email}.")
    services.deactivate(COMMAND_LINE, user, utcnow())
    click.echo(f"{user.name} <{user.email}> is deactivated and logged out everywhere.")
