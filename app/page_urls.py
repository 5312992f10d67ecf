"""`url_for` in templates, remembering the addresses that are the same on every request.

Every page names about twenty addresses without values (the stylesheets, the log-out form, the
footer's links, the front page's cards). Building one through Flask and Werkzeug took about as
long as a translated sentence, and a fifteenth of the front page's CPU went to building the same
twenty strings again. An address without values depends only on the route, on where the portal
is mounted (the request's script root) and, for a static file, on the file's version (which
StaticAssets notices when the file changes), so those are the cache key. Anything else (values,
an anchor, an external address, an endpoint relative to the current blueprint) is built as
before.
"""

from flask import Flask, has_request_context, request


def remembering_url_for(app: Flask):
    """The templates' global `url_for`. Its `for_this_request()` gives the same function with
    the request's script root read once: a page's context has that one (app/__init__.py), so
    its twenty addresses do not each look the request up through Werkzeug's proxy."""
    build = app.url_for
    assets = app.extensions["static_assets"]
    remembered: dict[tuple, str] = {}

    def url_under(script_root: str | None, endpoint: str, values: dict) -> str:
        key = _key(script_root, endpoint, values, assets)
        if key is None:
            return build(endpoint, **values)
        url = remembered.get(key)
        if url is None:
            url = remembered[key] = build(endpoint, **values)
        return url

    def url_for(endpoint: str, **values) -> str:
        return url_under(request.script_root if has_request_context() else None, endpoint, values)

    def for_this_request():
        script_root = request.script_root if has_request_context() else None
        return lambda endpoint, **values: url_under(script_root, endpoint, values)

    url_for.for_this_request = for_this_request
    return url_for


def _key(script_root: str | None, endpoint: str, values: dict, assets) -> tuple | None:
    """The key of an address that never varies by request, or None (also outside a request)."""
    if script_root is None or endpoint.startswith("."):
        return None
    if not values:
        return (script_root, endpoint)
    if endpoint == "static" and len(values) == 1 and isinstance(values.get("filename"), str):
        filename = values["filename"]
        return (script_root, endpoint, filename, assets.version(filename))
    return None
