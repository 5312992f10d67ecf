"""The honest limit for a signed-in page, served beside the portal by bench/load.py: bare Flask
plus what every signed-in page must do and nothing more. Flask's signed cookie session (read,
and signed again when its activity stamp is a minute old, as the portal's idle check does), one
indexed query for the citizen, and one small Jinja template with one `gettext` through
Flask-Babel, compiled once per process as Flask compiles a template file (until 2026-12-08 it
was compiled on every request: about 40 % of the reference's CPU, which flattered the portal).

It reads the portal's own session cookies (same SECRET_KEY, same signing), so wrk sends both
apps the very same requests.
"""

import os
import time

from flask import Flask, redirect, render_template, session
from flask_babel import Babel
from jinja2 import DictLoader
from sqlalchemy import create_engine, text

app = Flask(__name__)
app.config["SECRET_KEY"] = os.environ["SECRET_KEY"]
app.config["BABEL_TRANSLATION_DIRECTORIES"] = os.path.join(os.path.dirname(__file__), "../translations")
Babel(app, locale_selector=lambda: "da")
engine = create_engine(os.environ["DATABASE_URL"], pool_recycle=3600)
CITIZEN = text("SELECT name, target_group FROM citizens WHERE id = :id")
PAGE = """<!doctype html><html lang="da"><head><title>{{ _("My page") }}</title></head>
<body><h1>{{ citizen.name }}</h1><p>{{ citizen.target_group }}</p></body></html>"""
app.jinja_loader = DictLoader({"page.html": PAGE})
STAMP_EVERY = 60  # seconds, as app/auth/session_timeout.py


@app.get("/")
def hello():
    return "Hello, World!"


@app.get("/min-side/")
def front_page():
    user_key = session.get("_user_id") or ""
    if not user_key.startswith("citizen:"):
        return redirect("/log-ind")
    with engine.connect() as connection:
        citizen = connection.execute(CITIZEN, {"id": int(user_key.split(":")[1])}).one()
    if time.time() - session.get("last_active", 0) >= STAMP_EVERY:
        session["last_active"] = time.time()
    return render_template("page.html", citizen=citizen)
