"""URL rules whose URL builders are compiled on first use, not when the route is added.

Werkzeug compiles two Python functions per rule (with and without unknown arguments) as soon as
the rule is added: 85 % of create_app()'s 68 CPU ms with the portal's 130 routes. A process
builds URLs for a few dozen endpoints at most, and one of the two builders is rarely used; every
`flask` command, every gunicorn worker and every test that makes an app paid for all 260.
"""

from collections.abc import Callable

from flask import Flask
from werkzeug.routing import Rule


class LazilyBuiltRule(Rule):
    def _compile_builder(self, append_unknown: bool = True) -> Callable[..., tuple[str, str]]:
        compiled: Callable[..., tuple[str, str]] | None = None

        def build(rule: Rule, *args, **kwargs) -> tuple[str, str]:
            # Two threads may both compile it the first time: equal functions, either is kept.
            nonlocal compiled
            if compiled is None:
                compiled = Rule._compile_builder(rule, append_unknown).__get__(rule, None)
            return compiled(*args, **kwargs)

        return build


class LazilyRoutedFlask(Flask):
    """Flask whose every rule, the static files' too (added in Flask's __init__), is lazy."""

    url_rule_class = LazilyBuiltRule
