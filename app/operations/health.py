"""/healthz/ready: is the portal ready to do its work? The database answers, a worker has looked
for work lately, and how long due messages wait. For monitoring and deploy checks; load balancers
use the cheaper /healthz (a silent worker is no reason to stop serving pages)."""

from flask import Blueprint, current_app, jsonify
from sqlalchemy import func, select, text

from app.access import public
from app.extensions import db
from app.models import Message
from app.models.message import SENDABLE
from app.models.types import utcnow
from app.operations import heartbeat

bp = Blueprint("operations_health", __name__)


@bp.get("/healthz/ready")
@public
def ready():
    now = utcnow()
    try:
        db.session.execute(text("SELECT 1"))
        seen = heartbeat.last_seen()
        oldest = _oldest_due(now)
    except Exception:  # any database failure means "not ready"; the detail goes to the log
        db.session.rollback()
        current_app.logger.exception("readiness check: database unreachable")
        return jsonify(status="error", database="unreachable"), 503
    silent_after = current_app.config["WORKER_SILENT_AFTER_SECONDS"]
    silent_for = round((now - seen).total_seconds(), 1) if seen else None
    worker_ok = silent_for is not None and silent_for <= silent_after
    answer = {
        "status": "ok" if worker_ok else "error",
        "database": "ok",
        "worker": {
            "status": "ok" if worker_ok else "silent",
            "silent_seconds": silent_for,
            "limit_seconds": silent_after,
        },
        "outbox": {"oldest_due_seconds": oldest},
    }
    return jsonify(answer), 200 if worker_ok else 503


def _oldest_due(now) -> dict:
    """Seconds the oldest due message has waited: of those someone waits for (codes, answers), and of all."""
    due = (Message.status.in_(SENDABLE), Message.channel != "letter", Message.next_attempt_at <= now)
    rows = db.session.execute(
        select(Message.priority, func.min(Message.next_attempt_at)).where(*due).group_by(Message.priority)
    ).all()
    ages = {priority: round((now - since).total_seconds(), 1) for priority, since in rows}
    return {"someone_waits": ages.get(0, 0.0), "all": max(ages.values(), default=0.0)}
