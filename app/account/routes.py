from flask import Blueprint, render_template
from flask_login import current_user

from app.access import citizen_required
from app.account import labels, services

bp = Blueprint("account", __name__, url_prefix="/min-side")


@bp.get("/")
@citizen_required
def overview():
    return render_template("account/overview.html", citizen=current_user)


@bp.get("/beskeder")
@citizen_required
def messages():
    return render_template("account/messages.html", messages=services.messages_for(current_user),
                           labels=labels)


@bp.get("/aktivitet")
@citizen_required
def activity():
    return render_template("account/activity.html", events=services.activity_for(current_user),
                           labels=labels)
