"""`flask jobcenter add` and `flask staff add|password-link|deactivate`: a first start without demo
data, and managing staff from the command line (README, "Deploying")."""

import click
from flask.cli import AppGroup

from app.audit import Actor
from app.extensions import db
from app.i18n import in_language  # the operator's messages are in English
from app.models.staff import STAFF_ROLES
from app.models.types import utcnow
from app.rules.contact import normalise_email, normalise_phone
from app.staff import onboarding, services

COMMAND_LINE = Actor("system", None, "command line")

jobcenter_group = AppGroup("jobcenter", help="Jobcenters (the tenants).")
staff_group = AppGroup("staff", help="Jobcenter staff.")


@jobcenter_group.command("add")
@click.argument("code")
@click.argument("name")
@click.option("--phone", required=True, help="Phone number citizens call, shown on letters and pages.")
@click.option("--email", required=True, help="E-mail address citizens write to.")
@click.option("--address", default="", help="Postal address, for letters.")
def add_jobcenter_command(code: str, name: str, phone: str, email: str, address: str):
    """Add the jobcenter CODE (e.g. koebenhavn, the key in citizen CSV files) called NAME."""
    try:
        jobcenter = onboarding.add_jobcenter(code, name, phone=phone, email=email, address=address)
        db.session.commit()
    except onboarding.OnboardingError as error:
        raise click.ClickException(in_language(error.message, "en")) from None
    click.echo(f"Jobcenter {jobcenter.code!r} ({jobcenter.name}) added.")


@staff_group.command("add")
@click.argument("email")
@click.option("--name", required=True, help="The staff member's full name.")
@click.option("--role", required=True, type=click.Choice(STAFF_ROLES), help="What they may do.")
@click.option("--jobcenter", "jobcenter_code", required=True, help="The jobcenter's code.")
@click.option("--phone", default="", help="Work mobile for login codes (else they go by e-mail).")
def add_staff_command(email: str, name: str, role: str, jobcenter_code: str, phone: str):
    """Add a staff member with work e-mail EMAIL and print their one-time link to set a password."""
    jobcenter = onboarding.jobcenter_with_code(jobcenter_code)
    if jobcenter is None:
        raise click.ClickException(
            f"No jobcenter has the code {jobcenter_code!r}: add it with `flask jobcenter add`."
        )
    address, number = normalise_email(email), normalise_phone(phone) if phone.strip() else None
    if not address:
        raise click.ClickException(f"{email!r} is not an e-mail address.")
    if phone.strip() and not number:
        raise click.ClickException(f"{phone!r} is not a phone number; write it like +45 20 12 34 56.")
    try:
        user = onboarding.add_staff(
            jobcenter, COMMAND_LINE, name=name.strip(), email=address.lower(), phone=number, role=role
        )
        db.session.commit()
    except onboarding.OnboardingError as error:
        raise click.ClickException(in_language(error.message, "en")) from None
    click.echo(f"{user.name} ({user.email}, {user.role}) added to {jobcenter.name}.")
    _print_link(user)


@staff_group.command("password-link")
@click.argument("email")
def password_link_command(email: str):
    """Print a new one-time link for the staff member EMAIL to set (or reset) a password."""
    user = onboarding.staff_with_email(email)
    if user is None:
        raise click.ClickException(f"No staff member has the e-mail {email!r}.")
    _print_link(user)


def _print_link(user) -> None:
    hours = int(onboarding.LINK_LIFETIME.total_seconds() // 3600)
    click.echo(f"Give {user.name} this link to set a password. It works once, for {hours} hours:")
    click.echo(f"  {onboarding.set_password_link(user)}")


@staff_group.command("deactivate")
@click.argument("email")
def deactivate_command(email: str):
    """Stop EMAIL from logging in and end every session of theirs at once."""
    user = onboarding.staff_with_email(email)
    if user is None:
        raise click.ClickException(f"No staff member has the e-mail {email}.")
    services.deactivate(COMMAND_LINE, user, utcnow())
    db.session.commit()
    click.echo(f"{user.name} <{user.email}> is deactivated and logged out everywhere.")
