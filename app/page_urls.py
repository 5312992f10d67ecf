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
    build = app.url_for
    assets = app.extensions["static_assets"]
    remembered: dict[tuple, str] = {}

    def url_for(endpoint: str, **values) -> str:
        key = _key(endpoint, values, assets)
        if key is None:
            return build(endpoint, **values)
        url = remembered.get(key)
        if url is None:
            url = remembered[key] = build(endpoint, **values)
        return url

    return url_for


def _key(endpoint: str, values: dict, assets) -> tuple | None:
    """The key of an address that never varies by request, or None."""
    if endpoint.startswith(".") or not has_request_context():
        return None
    if not values:
        return (request.script_root, endpoint)
    if endpoint == "static" and len(values) == 1 and isinstance(values.get("filename"), str):
        filename = values["filename"]
        return (request.script_root, endpoint, filename, assets.version(filename))
    return None
