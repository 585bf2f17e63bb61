"""Helpers shared by the test suites of all apps (URL walking, browser login, axe-core)."""

from django.urls import URLPattern, URLResolver, get_resolver

DEMO_PASSWORD = "test-pass-123"


def iter_named_urls(resolver=None, namespace="", prefix=""):
    """Yield (name, route, callback, converters) for every named URL of the project."""
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            ns = entry.namespace or ""
            full_ns = f"{namespace}:{ns}" if namespace and ns else (ns or namespace)
            yield from iter_named_urls(entry, full_ns, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern) and entry.name:
            name = f"{namespace}:{entry.name}" if namespace else entry.name
            converters = list(getattr(entry.pattern, "converters", {}).keys())
            yield name, prefix + str(entry.pattern), entry.callback, converters


def iter_unnamed_urls(resolver=None, prefix=""):
    """Yield the route of every URL pattern without a name (they escape the access matrix)."""
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            if entry.namespace != "admin":
                yield from iter_unnamed_urls(entry, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern) and not entry.name:
            yield prefix + str(entry.pattern)


def browser_login(page, live_server, username, password=DEMO_PASSWORD):
    """Log in through the real login form."""
    page.goto(f"{live_server.url}/inloggen/")
    page.get_by_label("Gebruikersnaam").fill(username)
    page.get_by_label("Wachtwoord").fill(password)
    page.get_by_role("button", name="Inloggen").click()
    page.wait_for_load_state("networkidle")


def assert_no_axe_violations(page):
    """Run axe-core (WCAG 2.1 A/AA rules) on the current page and fail on any violation."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(
        page,
        options={
            "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}
        },
    )
    assert results.violations_count == 0, f"{page.url}\n{results.generate_report()}"
    return results
