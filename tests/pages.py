"""The pages every language and accessibility test visits. Add new pages here."""

LANGUAGES = ("da", "en", "ar", "uk")


def public_pages(app) -> list[str]:
    """Every GET route without URL parameters that renders HTML, plus an error page."""
    paths = sorted(
        rule.rule for rule in app.url_map.iter_rules()
        if "GET" in rule.methods and not rule.arguments and rule.endpoint not in NON_HTML_ENDPOINTS
    )
    return [*paths, "/this-page-does-not-exist"]


NON_HTML_ENDPOINTS = {"public.healthz", "static"}
