"""The page sweep (issue 10, done when 2): every page, as every role, in both languages
(every role in French, the first role that reads the page in English).

"Every page" is every GET row of the permission matrix (tests/test_permissions.py) that
answers 200 to a role; its objects come from the same world (``world_object``), so a new
page is swept as soon as it has its row. Each page is loaded from the live server in
Chromium with the role's session and the language cookie, and:

(a) shows no template syntax (``{#``, ``{%``, ``{{``…) and is in the language asked for;
(b) carries a Content-Security-Policy header (every text/html response);
(c) is valid HTML for the W3C Nu checker (one run of vnu.jar over all pages: the JVM is slow
    to start);
(d) has no axe-core violation (WCAG 2.0/2.1 A and AA) of impact serious or critical.

HTMX partials are checked in place: Nu validates them inside a minimal document, axe inside
the ``<main>`` of the portal's home page, where they are swapped in. Files (CSV, Excel, PDF)
and JSON are not pages and are skipped. tests/e2e/test_accessibility.py keeps the states a
plain GET does not show (menus open, forms with errors).
"""

from __future__ import annotations

import json
import subprocess
import time
import warnings
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from pmo_portal.services import record_heartbeat
from tests.conftest import ROLE_NAMES
from tests.e2e.conftest import AXE_JS, AXE_TAGS, BLOCKING_IMPACTS, format_violations
from tests.permission_rows import world_object
from tests.test_permissions import MATRIX
from tests.test_permissions import _url as matrix_url

pytestmark = pytest.mark.e2e

VNU_JAR = Path(settings.BASE_DIR) / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
LANGUAGES = ("fr", "en")
TABS = 3  # browser tabs per role: axe runs in some while the next page loads (2 cores)
TEMPLATE_MARKERS = ("{#", "{%", "{{", "#}", "%}")
PARTIAL_DOCUMENT = (
    '<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8"><title>partial</title>'
    "</head><body><main>{body}</main></body></html>"
)
AXE_RUN = """async ([tags, selector]) => {
    const options = {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']};
    const results = await axe.run(selector ? {include: [[selector]]} : document, options);
    return results.violations.map(v => ({
        id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl,
        nodes: v.nodes.map(n => ({
            target: n.target.join(' '), html: n.html, summary: n.failureSummary,
        })),
    }));
}"""


@dataclass
class Visit:
    role: str
    language: str
    name: str  # URL name of the matrix row
    url: str
    status: int = 0
    content_type: str = ""
    partial: bool = False
    html: str = ""
    problems: dict = field(default_factory=dict)  # check -> [lines]

    @property
    def key(self) -> str:
        return f"{self.role}/{self.language} {self.name} {self.url}"


def fill_allocation_grid(world) -> None:
    """Rows in project A's grid, so that its 12 inputs per resource are swept too."""
    from resources.selectors.capacity import months_ahead
    from tests.resources.factories_capacity import AllocationFactory

    resource = world_object(world, "resource")
    for month in months_ahead()[:3]:
        AllocationFactory(
            resource=resource, project=world.project_a, month=month, fte=Decimal("0.5")
        )


def session_cookie(user, live_server) -> dict:
    client = Client()
    client.force_login(user)
    value = client.cookies[settings.SESSION_COOKIE_NAME].value
    return {"name": settings.SESSION_COOKIE_NAME, "value": value, "url": live_server.url}


def open_page(page, live_server, visit: Visit, home: str) -> bool:
    """Load the page in the browser, check it, and start axe on it without waiting for the
    result (``axe_results``). False when it is not a page (a file, JSON, an error)."""
    from playwright.sync_api import Error

    try:
        response = page.goto(live_server.url + visit.url)
    except Error as error:  # a file served as an attachment starts a download
        if "Download is starting" in str(error):
            visit.content_type = "download"
            return False
        raise
    visit.status = response.status
    visit.content_type = response.headers.get("content-type", "")
    if visit.status != 200:
        visit.problems["status"] = [f"HTTP {visit.status}, expected 200"]
        return False
    if not visit.content_type.startswith("text/html"):
        return False
    visit.html = response.text()
    if "content-security-policy" not in response.headers:
        visit.problems["csp"] = ["no Content-Security-Policy header"]
    found = [marker for marker in TEMPLATE_MARKERS if marker in visit.html]
    if found:
        visit.problems["template"] = [f"template syntax in the output: {found}"]
    visit.partial = not visit.html.lstrip()[:9].lower().startswith("<!doctype")
    selector = None
    if visit.partial:
        # Where HTMX puts it: in the portal's layout, same role and language.
        page.goto(live_server.url + home)
        page.evaluate("html => { document.querySelector('main').innerHTML = html; }", visit.html)
        selector = "main"
    else:
        lang = page.evaluate("document.documentElement.lang")
        if lang != visit.language:
            visit.problems.setdefault("template", []).append(f"<html lang={lang!r}>")
    page.evaluate(f"args => {{ window.sweepAxe = ({AXE_RUN})(args); }}", [AXE_TAGS, selector])
    return True


def axe_results(page, visit: Visit, minor: list[str]) -> None:
    """Wait for the axe run started on the page; serious and critical violations fail."""
    for violation in page.evaluate("() => window.sweepAxe"):
        text = format_violations([violation])
        if violation["impact"] in BLOCKING_IMPACTS:
            visit.problems.setdefault("axe", []).append(text)
        else:
            minor.append(f"{visit.key}\n{text}")


def sweep_role(browser, live_server, world, role, pages, minor) -> list[Visit]:
    """Every page of the role in French, and in English those of ``pages`` marked so (name,
    url, english), in one browser context and TABS tabs: axe runs in one tab's renderer
    while the next page loads in another."""
    home = reverse("home") if role != "anonymous" else reverse("login")
    context = browser.new_context()
    context.add_init_script(path=str(AXE_JS))  # injected by the browser, not by the page
    if role != "anonymous":
        context.add_cookies([session_cookie(world.users[role], live_server)])
    tabs = [context.new_page() for _tab in range(TABS)]
    pending: dict = {}  # tab -> visit whose axe run is in progress
    visits = []
    for language in LANGUAGES:
        context.add_cookies(
            [{"name": settings.LANGUAGE_COOKIE_NAME, "value": language, "url": live_server.url}]
        )
        shown = [(name, url) for name, url, english in pages if english or language == "fr"]
        for index, (name, url) in enumerate(shown):
            tab = tabs[index % TABS]
            if tab in pending:
                axe_results(tab, pending.pop(tab), minor)
            visit = Visit(role, language, name, url)
            visits.append(visit)
            if open_page(tab, live_server, visit, home):
                pending[tab] = visit
        for tab, visit in pending.items():  # before the language changes
            axe_results(tab, visit, minor)
        pending.clear()
    context.close()
    return visits


def run_vnu(visits: list[Visit], directory: Path) -> None:
    """One Nu checker run over every HTML page; its errors go to each visit's problems."""
    files = {}
    for index, visit in enumerate(visits):
        path = directory / f"page-{index}.html"
        html = visit.html
        if visit.partial:
            html = PARTIAL_DOCUMENT.format(lang=visit.language, body=html)
        path.write_text(html, encoding="utf-8")
        files[path.resolve().as_uri()] = visit
    result = subprocess.run(
        ["java", "-jar", str(VNU_JAR), "--format", "json", "--stdout", "--exit-zero-always"]
        + [str(directory / f"page-{index}.html") for index in range(len(visits))],
        capture_output=True,
        text=True,
        check=True,
    )
    for message in json.loads(result.stdout)["messages"]:
        if message["type"] == "info":  # warnings and notes
            continue
        visit = files.get(message.get("url", "").replace("file:/", "file:///", 1))
        line = f"line {message.get('lastLine', '?')}: {message['message']}"
        extract = message.get("extract", "").replace("\n", " ")
        if visit is None:
            pytest.fail(f"Nu checker: {message}")
        visit.problems.setdefault("nu", []).append(f"{line}  «{extract}»")


# The sweep is one test per role and part, so that the xdist workers share it (one test of
# every role took 400 s on a slow day, a third of the suite's wall time on one worker).
# A role's pages are cut into consecutive parts of at most PART_SIZE visits (a page seen in
# French and English counts two). The matrix rows are known without a world, so the parts
# are known at collection.
PART_SIZE = 150


def role_pages(rows, role: str) -> list[tuple[str, str, bool]]:
    """(url name, object, also in English) of the role's pages, in matrix order. Every page
    in French as every role that reads it, and in English as the first of them: the language
    changes the words, not the markup nor the roles' parts of the page (a whole second
    language per role took the suite past its 30 minutes)."""
    english_by: dict[tuple[str, str], str] = {}
    for (name, obj, method), expected in rows:
        if method == "get":
            for who in ROLE_NAMES:
                if expected[who] == 200:
                    english_by.setdefault((name, obj), who)
    return [
        (name, obj, english_by[(name, obj)] == role)
        for (name, obj, method), expected in rows
        if method == "get" and expected[role] == 200
    ]


def split(pages: list) -> list[list]:
    parts, current, size = [], [], 0
    for page in pages:
        weight = 2 if page[2] else 1
        if current and size + weight > PART_SIZE:
            parts.append(current)
            current, size = [], 0
        current.append(page)
        size += weight
    if current:
        parts.append(current)
    return parts


SWEEP_PARTS = {role: split(role_pages(MATRIX.items(), role)) for role in ROLE_NAMES}


def test_every_role_reads_pages_and_every_page_is_swept():
    """The parts cover each (role, page) of the matrix once, and the English of every page
    once: a row added to the matrix is swept with no change here."""
    for role in ROLE_NAMES:
        assert SWEEP_PARTS[role], f"{role} reads no page: is the matrix right?"
        swept = [page for part in SWEEP_PARTS[role] for page in part]
        assert len(swept) == len(set(swept))
    english = [page[:2] for parts in SWEEP_PARTS.values() for p in parts for page in p if page[2]]
    readable = {
        (name, obj)
        for (name, obj, method), expected in MATRIX.items()
        if method == "get" and 200 in expected.values()
    }
    assert sorted(english) == sorted(readable)


@pytest.mark.parametrize(
    ("role", "part"),
    [(role, index) for role in ROLE_NAMES for index in range(len(SWEEP_PARTS[role]))],
)
def test_every_page_as_every_role_in_both_languages(
    browser, live_server, e2e_world, fresh_heartbeat, tmp_path, role, part
):
    started = time.monotonic()
    world = e2e_world
    fill_allocation_grid(world)
    pages = [
        (name, matrix_url(world, name, obj), english)
        for name, obj, english in SWEEP_PARTS[role][part]
    ]
    minor: list[str] = []
    # Beat records a heartbeat every minute on a live system; /healthz calls the scheduler
    # down after 5 minutes without one.
    record_heartbeat(at=timezone.now())
    visits = sweep_role(browser, live_server, world, role, pages, minor)
    browser_done = time.monotonic()
    html_visits = [visit for visit in visits if visit.html]
    if html_visits:
        run_vnu(html_visits, tmp_path)
    finished = time.monotonic()

    skipped = sorted({f"{v.name} ({v.content_type})" for v in visits if not v.html})
    summary = (
        f"{len(visits)} visits ({len(html_visits)} HTML, "
        f"{sum(v.partial for v in html_visits)} partials); browser and axe "
        f"{browser_done - started:.0f} s, Nu {finished - browser_done:.0f} s; "
        f"not HTML, skipped: {', '.join(skipped)}"
    )
    print(summary)  # noqa: T201 (shown with -s or on failure)
    if minor:
        warnings.warn("minor axe findings:\n" + "\n".join(minor), stacklevel=1)
    failing = [visit for visit in visits if visit.problems]
    report = []
    for visit in failing:
        report.append(visit.key)
        for check, lines in sorted(visit.problems.items()):
            report.extend(f"  [{check}] {line}" for line in lines)
    counts = {}
    for visit in failing:
        for check in visit.problems:
            counts[check] = counts.get(check, 0) + 1
    assert not failing, f"{summary}\npages failing per check: {counts}\n" + "\n".join(report)
