"""Command-line interface: flask demo | citizens import | translate ...

The demo data, the citizen import and Babel's catalog tools are imported by their commands: the
app registers these commands in every process, which need not load what only they run.
"""

from pathlib import Path

import click
from flask import Flask, current_app
from flask.cli import AppGroup
from sqlalchemy.exc import SQLAlchemyError

from app import periodic
from app.models.types import utcnow
from app.notifications import worker
from app.operations import heartbeat, jobs
from app.staff.cli import jobcenter_group, staff_group

TRANSLATIONS = Path(__file__).resolve().parent.parent / "translations"
POT_FILE = TRANSLATIONS / "messages.pot"
SOURCE_LANGUAGE = "en"  # msgids are English; the English catalog mirrors them


def register_cli(app: Flask) -> None:
    app.cli.add_command(demo_command)
    app.cli.add_command(citizens_group)
    app.cli.add_command(translate_group)
    app.cli.add_command(worker_command)
    app.cli.add_command(reminders_group)
    app.cli.add_command(jobcenter_group)
    app.cli.add_command(staff_group)


@click.command("worker")
@click.option("--once", is_flag=True, help="Run the reminder sweep and send what is due now, then stop.")
@click.option("--interval", default=5.0, show_default=True, help="Seconds between rounds.")
def worker_command(once: bool, interval: float):
    """Send queued SMS and e-mail (retries, fallback); runs until stopped."""
    if once:
        with periodic.one_at_a_time(wait=True), jobs.job("sweep") as sweep:
            worker.sweep_reminders(utcnow())
        heartbeat.swept(utcnow(), sweep.seconds)
        with jobs.job("send") as sending:
            sending.fields["messages"] = worker.run_once()
        click.echo(f"Handled {sending.fields['messages']} message(s).")
    else:
        worker.run_forever(interval)


reminders_group = AppGroup("reminders", help="Reminders: job search, Min Plan, recovery, helpers' access.")


@reminders_group.command("run")
def reminders_run_command():
    """Run the reminder jobs once now (the worker's sweep without its clean-ups): record missed
    deadlines and queue the reminders that are due. Waits while a worker is sweeping."""
    with periodic.one_at_a_time(wait=True):
        results = periodic.run_all(utcnow(), reminders_only=True)
    for name, result in results.items():
        click.echo(f"{name}: {result}")


@click.command("demo")
def demo_command():
    """Load demo jobcenters, staff and citizens (safe to run again). Never in production."""
    from app.demo import DEMO_HELPER, DEMO_STAFF_PASSWORD, load_demo_data

    if not current_app.config["DEMO_DATA_ALLOWED"]:
        raise click.ClickException(
            "The demo data has known passwords and is refused in production. "
            "Start with `flask jobcenter add` and `flask staff add` (README, 'Deploying')."
        )
    loaded = load_demo_data()
    click.echo("Demo data loaded. Demo citizens (CPR number, name, situation):")
    for spec, _citizen in loaded["citizens"]:
        click.echo(f"  {spec.cpr[:6]}-{spec.cpr[6:]}  {spec.name:<18} {spec.note}")
    click.echo(f"Demo staff (e-mail, role, name), password {DEMO_STAFF_PASSWORD!r}, at /medarbejder/log-ind:")
    for user in loaded["staff"]:
        click.echo(f"  {user.email:<36} {user.role:<11} {user.name}")
    name, phone = DEMO_HELPER
    click.echo(f"Demo helper: {name} logs in with {phone} at /hjaelper/log-ind and helps Peter Nielsen.")


citizens_group = AppGroup("citizens", help="Manage citizens.")


@citizens_group.command("import")
@click.argument("csv_file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--skip-invalid", is_flag=True, help="Import the valid rows even if some are bad.")
@click.option(
    "--complete-list-for",
    "complete_for",
    metavar="JOBCENTER",
    help="The file lists every citizen of this jobcenter: close the cases of those missing from it.",
)
@click.option("--dry-run", is_flag=True, help="Count what the import would do; change nothing.")
@click.option("--force", is_flag=True, help="Close more than 20 % of the jobcenter's open cases.")
def import_command(csv_file: Path, skip_invalid: bool, complete_for: str | None, dry_run: bool, force: bool):
    """Import citizens from CSV_FILE (cpr,name,phone,email,language,target_group,jobcenter[,address])."""
    from app.citizens.importer import CsvFormatError, import_citizens

    try:
        result = import_citizens(
            csv_file.read_bytes(),
            skip_invalid=skip_invalid,
            complete_for=complete_for,
            dry_run=dry_run,
            force=force,
        )
    except CsvFormatError as error:
        raise click.ClickException(f"{csv_file}: {error}") from None
    except SQLAlchemyError as error:
        # The rows are checked first, so this is a database problem. Its message would quote the
        # row (CPR number, name): name only the kind of error.
        raise click.ClickException(
            f"{csv_file}: the database refused the import ({type(error).__name__}); nothing was imported."
        ) from None
    for error in result.errors:
        click.echo(f"{csv_file}:{error}", err=True)
    for warning in result.warnings:
        click.echo(f"{csv_file}:{warning}. A STOP reply from it stops SMS for everyone with it.", err=True)
    if result.errors and not skip_invalid:
        raise click.ClickException(
            f"{len(result.errors)} bad row(s); nothing was imported. "
            "Fix them, or use --skip-invalid to import the valid rows."
        )
    _report_import(result, dry_run, complete_for)


def _report_import(result, dry_run: bool, complete_for: str | None) -> None:
    would = dry_run or bool(result.refused)
    verb = "Would import" if would else "Imported"
    summary = f"{verb}: {result.created} new, {result.updated} updated, {result.skipped} skipped"
    if result.reopened:
        summary += f", {result.reopened} reopened"
    if complete_for:
        closed = "to close" if would else "closed"
        summary += f", {result.closed} of {result.open_before} open cases of {complete_for} {closed}"
    click.echo(summary + ".")
    if result.refused:
        raise click.ClickException(f"{result.refused}. Nothing was imported.")
    if dry_run:
        click.echo("Dry run: nothing was changed.")


translate_group = AppGroup("translate", help="Extract, update and compile the translations.")


def _pybabel(*args: str) -> None:
    from babel.messages.frontend import CommandLineInterface

    CommandLineInterface().run(["pybabel", "-q", *args])


@translate_group.command("extract")
def extract_command():
    """Collect every _() string from the code and templates into messages.pot."""
    _pybabel(
        "extract", "-F", "babel.cfg", "-k", "_l", "--no-location", "--sort-output", "-o", str(POT_FILE), "app"
    )


@translate_group.command("update")
def update_command():
    """Extract, then merge new strings into every language's catalog."""
    extract_command.callback()
    _pybabel(
        "update", "-i", str(POT_FILE), "-d", str(TRANSLATIONS), "--no-fuzzy-matching", "--ignore-obsolete"
    )
    _mirror_source_language()


@translate_group.command("compile")
def compile_command():
    """Compile the .po catalogs to the .mo files Flask-Babel reads."""
    _pybabel("compile", "-d", str(TRANSLATIONS))


@translate_group.command("init")
@click.argument("language")
def init_command(language: str):
    """Start a catalog for a new LANGUAGE (e.g. so, tr, pl)."""
    _pybabel("init", "-i", str(POT_FILE), "-d", str(TRANSLATIONS), "-l", language)


def _mirror_source_language() -> None:
    """The English catalog is the msgids themselves; fill it so no entry counts as missing."""
    from babel.messages.pofile import read_po, write_po

    path = TRANSLATIONS / SOURCE_LANGUAGE / "LC_MESSAGES" / "messages.po"
    with path.open("rb") as handle:
        catalog = read_po(handle, locale=SOURCE_LANGUAGE)
    for message in catalog:
        if message.id and not any(message.string if message.pluralizable else [message.string]):
            message.string = message.id  # a plural's id is (singular, plural): the same shape
    with path.open("wb") as handle:
        write_po(handle, catalog, width=100)
