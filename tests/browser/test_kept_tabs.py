"""The browser tabs kept for the session (conftest.Tabs): a test never sees what the test before
it left behind, and a tab a test broke is replaced. Tabs are taken with `new_tab`, whose
teardown puts them back even when a test fails; kept_tabs.put_back() plays "the next test"."""

from tests.browser.conftest import AXE_PATH, run_axe
from tests.pages import public_pages


def test_a_kept_tab_comes_back_without_cookies_routes_or_page_and_at_its_size(new_tab, kept_tabs, live):
    tab = new_tab({"width": 320, "height": 640})
    tab.goto(f"{live.url}/?lang=ar")  # the language is kept in the session cookie
    tab.route("**/*", lambda route: route.abort())
    assert tab.context.cookies()
    kept_tabs.put_back()

    again = new_tab()
    assert again is tab, "the same tab, not a new context"
    assert again.url == "about:blank"
    assert again.context.cookies() == []
    assert again.viewport_size == {"width": 360, "height": 740}
    assert again.goto(f"{live.url}/").ok, "the route that aborted everything is gone"
    assert again.evaluate("document.documentElement.lang") != "ar", "the language in the old cookie"


def test_a_tab_a_test_closed_is_replaced(new_tab, kept_tabs, live):
    first, second = new_tab(), new_tab()
    first.context.close()
    kept_tabs.put_back()

    replaced, kept = new_tab(), new_tab()
    assert replaced is not first and not replaced.is_closed()
    assert kept is second
    assert replaced.goto(f"{live.url}/").ok


def test_axe_comes_from_the_live_server_on_its_pages_and_still_finds_violations(page, live):
    """run_axe loads axe-core from the live server (cached and kept compiled by Chromium) on its
    pages, within their CSP; elsewhere it evaluates the source. Either way axe really runs."""
    page.goto(f"{live.url}/")
    assert run_axe(page) == []
    assert page.evaluate(f"!!document.querySelector('script[src=\"{AXE_PATH}\"]')")
    assert page.csp_errors == []
    page.set_content('<html lang="da"><title>t</title><main><img src="x.png"></main></html>')
    assert "image-alt" in {violation["id"] for violation in run_axe(page)}


def test_the_pages_the_tours_visit_leave_out_the_served_axe_core(live):
    """The live server's axe-core is a route like the portal's pages: the page tours measured and
    checked its 650 KB of script as a page, in every language, at every width."""
    assert AXE_PATH in {rule.rule for rule in live.app.url_map.iter_rules()}
    assert AXE_PATH not in public_pages(live.app)
