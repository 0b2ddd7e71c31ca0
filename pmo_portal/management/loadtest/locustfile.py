"""The simulated users of ``manage.py bench_load`` (issue 16), run by locust against gunicorn.

Three kinds of user, signed in through the real sign-in form (CSRF token included):

- ProjectManager: opens their home, then one of their projects' report page, opens this
  period's report (starting it when there is none) and submits it through the form, with the
  version field the form carries. Each project is submitted once in a run (the projects of one
  account are shared among the simulated users signed in as it), so an edit conflict is a
  real failure, never the test stepping on its own toes.
- Pmo: the company dashboard and a business unit's (with the blocks they load after the
  page, as a browser does), the project list (several pages, then a filter), the portfolio
  budget page.
- Executive: the COPIL list, the meeting's page, the download of its ready pack.

The mix (30 project managers, 12 PMO, 8 executives out of 50): a reporting deadline is the
portal's busiest hour, and most people signed in then are project managers submitting;
the PMO watches the consolidation come in; fewer executives, but with the heaviest
downloads. Think time: 1 to 3 s between actions (a busy hour, compressed).

The two throughput users (HtmlProjectList, ApiProjectList) have no think time; the runner
chooses them alone (``locust ... HtmlProjectList``) for the one-worker measurement.

The run's plan (accounts, projects, meeting, pack, API token) is a JSON file named by
LOADTEST_PLAN, written by pmo_portal/management/bench_load.py.
"""

from __future__ import annotations

import itertools
import json
import os
import re
from collections import deque
from http.cookiejar import DefaultCookiePolicy
from urllib.parse import urlencode

from locust import FastHttpUser, between, constant, events, task

from pmo_portal.management.loadtest import pages

LOGIN_URL = "/accounts/login/"
EDIT_LINK = re.compile(r'href="(/reporting/reports/\d+/edit/)"')
DETAIL_URL = re.compile(r"^/reporting/reports/\d+/$")
# Troubled active projects: what the PMO filters the list for.
LIST_FILTER = "?status=active&health=3&health=4"
LIST_PAGES = 4  # the first pages of the list the PMO leafs through
API_LIST_URL = "/api/v1/projects/?page_size=25"


def _plan() -> dict:
    path = os.environ.get("LOADTEST_PLAN")
    if not path:
        return {"pm": [], "pmo": {}, "executives": [], "business_unit": None, "api_token": ""}
    with open(path, encoding="utf-8") as plan:
        return json.load(plan)


PLAN = _plan()
# The projects still to submit, per project manager account (shared by its simulated users).
PROJECTS = {account["username"]: deque(account["projects"]) for account in PLAN["pm"]}

# The sign-in storm: every user signs in at start (PBKDF2, about half a second of CPU each,
# by design), which would weigh on every page's percentiles. Once the LOADTEST_USERS users
# have all signed in, the figures start again from zero, the sign-ins' own figures (and any
# failure among them) carried over.
SIGN_IN_NAMES = ("sign-in form", "sign-in")
EXPECTED_USERS = int(os.environ.get("LOADTEST_USERS") or 0)
_sign_ins: list[dict] = []
_signed_in = itertools.count(1)


@events.request.add_listener
def _keep_sign_ins(name, **kwargs):
    if name in SIGN_IN_NAMES and not kwargs.get("context", {}).get("replayed"):
        _sign_ins.append({"name": name, **kwargs})


def _signed_in_one(environment) -> None:
    if next(_signed_in) != EXPECTED_USERS:
        return
    environment.stats.reset_all()
    for request in _sign_ins:
        fields = {key: request.get(key) for key in ("request_type", "response_time")}
        environment.events.request.fire(
            name=request["name"],
            response_length=request.get("response_length") or 0,
            exception=request.get("exception"),
            context={"replayed": True},
            **fields,
        )


class BehindTlsProxy(DefaultCookiePolicy):
    """The loopback connection stands for the browser's HTTPS one: Secure cookies (the
    session and CSRF cookies in production) are sent over it."""

    def return_ok_secure(self, cookie, request):
        return True


class PortalUser(FastHttpUser):
    """A signed-in user of the portal behind its TLS proxy (X-Forwarded-Proto: https, as
    docker-compose's proxy sets it; the cookies are Secure, which locust's FastHttpUser
    keeps). Its forms are posted with the Referer a browser sends (Django's CSRF check of an
    HTTPS request requires it)."""

    abstract = True
    wait_time = between(1, 3)
    default_headers = {"X-Forwarded-Proto": "https"}
    account: dict = {}
    username = ""

    def on_start(self):
        self.client.cookiejar.set_policy(BehindTlsProxy())
        self.sign_in(self.choose_account())
        _signed_in_one(self.environment)

    def choose_account(self) -> dict:
        return self.account

    def sign_in(self, account: dict) -> None:
        self.username = account.get("username", "")
        page = self.client.get(LOGIN_URL, name="sign-in form")
        form = pages.form_with(page.text or "", "username")
        if form is None:
            return  # the failure is the GET's
        fields = {"username": self.username, "password": account.get("password", "")}
        with self.post_form(form, LOGIN_URL, "sign-in", fields) as response:
            if response.status_code != 302:
                response.failure(f"sign-in as {self.username}: {response.status_code}")

    def page(self, url: str, name: str, *, lazy: bool = False):
        """GET a page, then (``lazy``) the blocks it loads after itself. Anything but a 200
        is a failure (a redirect to the sign-in page included)."""
        with self.client.get(
            url, name=name, allow_redirects=False, catch_response=True
        ) as response:
            if response.status_code != 200:
                location = response.headers.get("Location", "") if response.headers else ""
                response.failure(f"{response.status_code} {location}".strip())
        if lazy and response.status_code == 200:
            for block in pages.lazy_blocks(response.text or ""):
                self.page(block, f"{name} (block)")
        return response

    def post_form(self, form: dict, url: str, name: str, extra: dict | None = None):
        """POST the form as rendered, ``extra`` replacing (or adding) fields; redirects are
        not followed, so that the caller judges the answer."""
        fields = [(key, value) for key, value in form["fields"] if key not in (extra or {})]
        body = urlencode(fields + list((extra or {}).items()))
        origin = self.host.rstrip("/").replace("http://", "https://", 1)
        target = form["action"] or url
        return self.client.post(
            target,
            data=body,
            name=name,
            headers={
                "Content-Type": "application/x-www-form-urlencoded",
                "Referer": f"{origin}{url}",
            },
            allow_redirects=False,
            catch_response=True,
        )


class ProjectManager(PortalUser):
    fixed_count = 30
    _accounts = itertools.count()

    def choose_account(self) -> dict:
        accounts = PLAN["pm"]
        return accounts[next(self._accounts) % len(accounts)] if accounts else {}

    @task
    def report(self):
        self.page("/", "PM: home")
        queue = PROJECTS.get(self.username)
        if not queue:
            return  # every project of this account is submitted: only the home page
        self.submit_report(queue.popleft())

    def submit_report(self, project: int) -> None:
        url = f"/reporting/projects/{project}/reports/"
        html = self.page(url, "PM: project's reports").text or ""
        start = pages.form_with(html, "csrfmiddlewaretoken")
        link = EDIT_LINK.search(html)
        if link:
            edit_url = link.group(1)
        elif start and "/reports/start/" in start["action"]:
            with self.post_form(start, url, "PM: start report") as response:
                edit_url = response.headers.get("Location", "")
                if response.status_code != 302 or "/edit/" not in edit_url:
                    response.failure(f"start: {response.status_code} to {edit_url!r}")
                    return
        else:
            return  # submitted meanwhile (not by this run): nothing to write
        form = pages.form_with(self.page(edit_url, "PM: report form").text or "", "version")
        if form is None:
            return  # the failure is the GET's (not 200)
        with self.post_form(form, edit_url, "PM: submit report", {"action": "submit"}) as done:
            location = done.headers.get("Location", "")
            if done.status_code == 302 and DETAIL_URL.match(location):
                done.success()
            elif done.status_code == 200:
                # The form came back: a conflict panel or a validation error.
                done.failure("submit: the form came back (edit conflict or invalid data)")
            else:
                done.failure(f"submit: {done.status_code} to {location!r}")


class Pmo(PortalUser):
    fixed_count = 12
    account = PLAN["pmo"]

    @task(2)
    def dashboards(self):
        self.page("/reporting/dashboard/", "PMO: company dashboard", lazy=True)
        if PLAN["business_unit"]:
            self.page(
                f"/reporting/dashboard/?portfolio={PLAN['business_unit']}",
                "PMO: business unit dashboard",
                lazy=True,
            )

    @task(2)
    def project_list(self):
        for number in range(1, LIST_PAGES + 1):
            self.page(f"/projects/?page={number}", "PMO: project list")
        self.page(f"/projects/{LIST_FILTER}", "PMO: project list, filtered")

    @task(1)
    def budget(self):
        self.page("/resources/budgets/", "PMO: portfolio budget")


class Executive(PortalUser):
    fixed_count = 8
    _accounts = itertools.count()

    def choose_account(self) -> dict:
        accounts = PLAN["executives"]
        self.plan = accounts[next(self._accounts) % len(accounts)] if accounts else {}
        return self.plan

    @task
    def copil(self):
        self.page("/reporting/copil/", "Executive: COPIL list")
        if not self.plan:
            return
        self.page(f"/reporting/copil/{self.plan['meeting']}/", "Executive: COPIL meeting")
        with self.client.get(
            f"/reporting/copil/packs/{self.plan['pack']}/download/",
            name="Executive: pack download",
            allow_redirects=False,
            catch_response=True,
        ) as response:
            if response.status_code != 200:
                response.failure(f"{response.status_code}")
            elif not (response.content or b"").startswith(b"%PDF"):
                response.failure("the pack is not a PDF")


class HtmlProjectList(PortalUser):
    """The one-worker throughput of the HTML list: page 1 (25 rows), as the PMO, whose
    session the runner opened beforehand (the run measures the list, not the sign-in)."""

    wait_time = constant(0)
    default_headers = {"X-Forwarded-Proto": "https", "Cookie": PLAN.get("pmo_cookie", "")}

    def on_start(self):
        pass

    @task
    def first_page(self):
        self.page("/projects/", "HTML project list")


class ApiProjectList(FastHttpUser):
    """The one-worker throughput of the API's project list (25 rows, the PMO's token)."""

    wait_time = constant(0)

    default_headers = {
        "X-Forwarded-Proto": "https",
        "Authorization": f"Bearer {PLAN['api_token']}",
    }

    @task
    def first_page(self):
        with self.client.get(API_LIST_URL, name="API project list", catch_response=True) as done:
            if done.status_code != 200:
                done.failure(f"{done.status_code}")
