"""The portal's URL rules compile their URL builders on first use (app/url_rules.py): each
builds exactly what Werkzeug's own eagerly compiled builder does, with and without unknown
arguments, and costs nothing until then."""

import pytest
from flask import url_for
from werkzeug.routing import Rule

from app import create_app
from app.url_rules import LazilyBuiltRule

pytestmark = pytest.mark.engine_independent


def sample_values(rule) -> dict:
    return {name: ("x y/ø" if name.endswith("token") else 7) for name in rule.arguments}


def test_every_route_builds_what_werkzeugs_own_builder_builds(app):
    rules = [rule for rule in app.url_map.iter_rules()]
    assert len(rules) > 100 and all(isinstance(rule, LazilyBuiltRule) for rule in rules)
    for rule in rules:
        values = sample_values(rule)
        eager = Rule._compile_builder(rule, False).__get__(rule, None)
        eager_unknown = Rule._compile_builder(rule, True).__get__(rule, None)
        assert rule.build(values, append_unknown=False) == eager(**values), rule.rule
        extra = {**values, "side": "2"}
        assert rule.build(extra) == eager_unknown(**extra), rule.rule


def test_a_new_app_compiles_no_builder_until_a_url_is_built(monkeypatch):
    compiled = []
    werkzeugs_own = Rule._compile_builder

    def counted(rule, append_unknown=True):
        compiled.append((rule.endpoint, append_unknown))
        return werkzeugs_own(rule, append_unknown)

    monkeypatch.setattr(Rule, "_compile_builder", counted)
    app = create_app("testing", SQLALCHEMY_DATABASE_URI="sqlite://")
    assert compiled == []
    with app.test_request_context():
        assert url_for("account.overview") == "/min-side/"
        assert url_for("account.overview", side=2) == "/min-side/?side=2"
        assert url_for("account.overview", side=3) == "/min-side/?side=3"
    assert compiled == [("account.overview", True)]
