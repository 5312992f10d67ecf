"""The application factory. Nothing happens at import time; create_app() wires it all."""

from flask import Flask
from flask_babel import format_datetime, get_locale

from app import (
    account,
    auth,
    claims,
    job_search,
    mandates,
    meetings,
    plan,
    rate_limits,
    rights,
    sickness,
    staff,
)
from app.access import ACCESS_ATTRIBUTE
from app.account.event_facts import event_facts
from app.account.routes import bp as account_bp
from app.auth import server_sessions
from app.auth import services as login_codes
from app.auth.mitid_routes import bp as auth_mitid_bp
from app.auth.routes import bp as auth_bp
from app.auth.session_timeout import check_idle_session, load_signed_in_user, session_ends_at
from app.cases import about_citizen, current_case, voiced
from app.claims import labels as claim_labels
from app.claims import services as claim_services
from app.claims.routes import bp as claims_bp
from app.claims.staff_routes import bp as claims_staff_bp
from app.cli import register_cli
from app.contact import page_contact
from app.drafts import form_page, keepable_fields
from app.errors import register_error_handlers
from app.extensions import babel, csrf, db, limiter, login_manager, migrate
from app.forms import RowIdConverter, error_links, failed_form_name, form_failed
from app.i18n import (
    LANGUAGE_NAMES,
    format_hours,
    language_links,
    ltr,
    ltr_numbers,
    select_locale,
    template_dates,
    template_translations,
    text_direction,
)
from app.job_search import reminders as job_search_reminders
from app.job_search.receipts import channel_name
from app.job_search.routes import bp as job_search_bp
from app.job_search.staff_routes import bp as job_search_staff_bp
from app.mandates import labels as mandate_labels
from app.mandates import reminders as mandate_reminders
from app.mandates.helper_routes import bp as mandates_helper_bp
from app.mandates.routes import bp as mandates_bp
from app.mandates.staff_routes import bp as mandates_staff_bp
from app.meetings import labels as meeting_labels
from app.meetings import reminders as meeting_reminders
from app.meetings.routes import bp as meetings_bp
from app.meetings.staff_routes import bp as meetings_staff_bp
from app.notifications.webhooks import bp as notifications_bp
from app.operations import register_operations
from app.page_urls import remembering_url_for
from app.plan import labels as plan_labels
from app.plan import reminders as plan_reminders
from app.plan.routes import bp as plan_bp
from app.plan.staff_routes import bp as plan_staff_bp
from app.public.routes import bp as public_bp
from app.rate_limits import configure_storage  # also registers the database:// storage
from app.rights import large as large_exports
from app.rights import retention
from app.rights.routes import bp as rights_bp
from app.security import register_security
from app.sickness import labels as sickness_labels
from app.sickness import reminders as recovery_reminders
from app.sickness.routes import bp as sickness_bp
from app.sickness.staff_routes import bp as sickness_staff_bp
from app.staff.routes import bp as staff_bp
from app.static_assets import register_static_assets
from app.translated_templates import TranslatedEnvironment
from app.url_rules import LazilyRoutedFlask
from config import BASE_DIR, INSTANCE_DIR, config_for


def create_app(config_name: str | None = None, **overrides) -> Flask:
    """Build the app for `config_name` (see config.py); `overrides` win over the config class."""
    app = LazilyRoutedFlask(__name__, instance_path=str(INSTANCE_DIR))
    app.jinja_environment = TranslatedEnvironment  # before anything asks for app.jinja_env
    app.config.from_object(config_for(config_name))
    app.config.update(overrides)
    app.url_map.converters["int"] = RowIdConverter  # before any route is added
    _register_extensions(app)
    register_static_assets(app)
    _register_blueprints(app)
    _plug_in_features(app)
    _register_template_context(app)
    register_security(app)
    register_error_handlers(app)
    register_cli(app)
    register_operations(app)
    _register_periodic_jobs()
    return app


def _register_periodic_jobs() -> None:
    """What `flask worker` runs every REMINDER_SWEEP_SECONDS, in this order (app/periodic.py):
    the reminders first, then the clean-ups."""
    job_search_reminders.register_periodic_jobs()
    plan_reminders.register_periodic_jobs()
    recovery_reminders.register_periodic_jobs()
    mandate_reminders.register_periodic_jobs()
    meeting_reminders.register_periodic_jobs()
    claim_services.register_periodic_jobs()
    server_sessions.register_periodic_jobs()
    rate_limits.register_periodic_jobs()
    retention.register_periodic_jobs()
    large_exports.register_periodic_jobs()
    login_codes.register_periodic_jobs()


def _register_extensions(app: Flask) -> None:
    _no_recycling_for_sqlite(app)
    db.init_app(app)
    migrate.init_app(app, db, directory=str(BASE_DIR / "migrations"), render_as_batch=True)
    login_manager.init_app(app)
    login_manager.user_loader(load_signed_in_user)  # the user, while the server keeps the session
    login_manager.login_view = "auth.login"
    csrf.init_app(app)
    babel.init_app(app, locale_selector=select_locale)
    configure_storage(app)
    limiter.init_app(app)


def _no_recycling_for_sqlite(app: Flask) -> None:
    """pool_recycle (config.py) is for a database server that drops idle connections. SQLite has
    none to drop, and an in-memory database would vanish with its recycled connection."""
    if app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite"):
        options = app.config["SQLALCHEMY_ENGINE_OPTIONS"]
        app.config["SQLALCHEMY_ENGINE_OPTIONS"] = {k: v for k, v in options.items() if k != "pool_recycle"}


def _register_blueprints(app: Flask) -> None:
    app.register_blueprint(public_bp)
    app.register_blueprint(notifications_bp)
    app.register_blueprint(auth_bp)
    app.register_blueprint(auth_mitid_bp)
    app.register_blueprint(account_bp)
    app.register_blueprint(staff_bp)
    app.register_blueprint(job_search_bp)
    app.register_blueprint(job_search_staff_bp)
    app.register_blueprint(plan_bp)
    app.register_blueprint(plan_staff_bp)
    app.register_blueprint(sickness_bp)
    app.register_blueprint(sickness_staff_bp)
    app.register_blueprint(claims_bp)
    app.register_blueprint(claims_staff_bp)
    app.register_blueprint(mandates_bp)
    app.register_blueprint(mandates_helper_bp)
    app.register_blueprint(mandates_staff_bp)
    app.register_blueprint(rights_bp)
    app.register_blueprint(meetings_bp)
    app.register_blueprint(meetings_staff_bp)
    app.before_request(check_idle_session)
    setattr(app.view_functions["static"], ACCESS_ATTRIBUTE, "public")


# Features that contribute to the kernel or to others' pages through app/slots.py (and the
# message purposes each sends).
FEATURES = (
    account,
    auth,
    job_search,
    plan,
    sickness,
    claims,
    mandates,
    meetings,
    staff,
    rights,
)  # cards and panels are built in this order


def _plug_in_features(app: Flask) -> None:
    for feature in FEATURES:
        feature.plug_in(app)


def _register_template_context(app: Flask) -> None:
    # Globals, unlike the context below, reach macros imported without context too.
    app.jinja_env.globals.update(
        error_links=error_links,
        form_failed=form_failed,
        failed_form_name=failed_form_name,
        form_page=form_page,
        keepable_fields=keepable_fields,
        plan_labels=plan_labels,
        sickness_labels=sickness_labels,
        claim_labels=claim_labels,
        mandate_labels=mandate_labels,
        meeting_labels=meeting_labels,
        format_hours=format_hours,
        event_facts=event_facts,
        voiced=voiced,
        about_citizen=about_citizen,
        ltr=ltr,
        url_for=remembering_url_for(app),
    )
    app.jinja_env.filters["ltr_numbers"] = ltr_numbers

    @app.context_processor
    def page_context():
        locale = str(get_locale())
        case = current_case()  # whose case this page is about; a helper acts under a mandate
        return {
            "current_locale": locale,
            "text_direction": text_direction(locale),
            "language_links": language_links,
            "language_names": LANGUAGE_NAMES,
            "session_ends_at": session_ends_at,
            "format_datetime": format_datetime,
            "channel_name": channel_name,
            "case": case,
            "contact": page_contact(case),
            "url_for": app.jinja_env.globals["url_for"].for_this_request(),
            **template_dates(),
            **template_translations(),
        }
