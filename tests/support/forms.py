"""Post forms the way a browser does: with the CSRF token from the page."""

import re


def csrf_token(client, path: str) -> str:
    page = client.get(path).get_data(as_text=True)
    match = re.search(r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"', page)
    assert match, f"no CSRF token on {path}"
    return match.group(1)


def submit(client, path: str, data: dict, follow_redirects: bool = False, form_page: str | None = None):
    token = csrf_token(client, form_page or path)
    return client.post(path, data={**data, "csrf_token": token}, follow_redirects=follow_redirects)
