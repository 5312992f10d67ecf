"""Every message purpose the features declare, read without a database or a request, so that
tests can be parametrized by purpose when they are collected."""

from flask import Flask

from app import FEATURES
from app.notifications.purposes import Purpose, declared


def declared_purposes() -> dict[str, Purpose]:
    app = Flask(__name__)
    for feature in FEATURES:
        feature.plug_in(app)
    return declared(app)


PURPOSES = declared_purposes()
