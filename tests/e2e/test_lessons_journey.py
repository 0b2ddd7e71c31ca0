"""The continuous-improvement journey in the browser, in French (issue 13, done when 4).

A closed project's manager drafted a lesson in the closure review and submitted it (setup).
The PMO validates the review, which validates the lesson, and routes the lesson by hand to
live project PRJ-A of the same domain and type; PRJ-A's manager, in their own browser, finds
it in the tab "Lessons for your project", routed by the PMO, and marks it applied; the
coverage page counts it reached once and applied once; the PMO starts an improvement action
from the lesson leading to the template's new version, and the trace reads both ways (the
action names the version; "Changes by governance item" names the action). axe-core runs on
every lessons page of the journey; screenshots go to /tmp/e2e-shots/lessons-*.png.
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from governance.services import library
from lessons.models import (
    Category,
    ClosureStatus,
    Impact,
    ImprovementAction,
    Language,
    LessonRoute,
    LessonStatus,
    RouteSource,
    RouteStatus,
)
from lessons.services import closure
from lessons.services.routing import clear_index_cache
from pmo_portal.roles import Role
from portfolios.models import ProjectStatus
from tests.e2e.conftest import BLOCKING_IMPACTS, SHOTS_DIR, format_violations, run_axe
from tests.governance.factories import docx_bytes
from tests.portfolios.factories import ProjectFactory, UserFactory

pytestmark = pytest.mark.e2e

LESSON = "Réserver les experts métier avant la recette"
TEMPLATE = "Plan de recette"
ACTION = "Ajouter la réservation des experts métier au plan de recette"


class Journey:
    """Screenshots and axe-core on each lessons page of the journey."""

    def __init__(self, page):
        self.page = page
        SHOTS_DIR.mkdir(parents=True, exist_ok=True)

    def check(self, name: str) -> None:
        self.page.screenshot(path=str(SHOTS_DIR / f"lessons-{name}.png"), full_page=True)
        violations = run_axe(self.page)
        blocking = [v for v in violations if v["impact"] in BLOCKING_IMPACTS]
        assert blocking == [], f"{name}:\n{format_violations(blocking)}"


def _submitted_review(world):
    """A closed project of PRJ-A's domain and type whose manager started the closure review,
    wrote it, drafted a lesson from it and submitted it to the PMO."""
    live = world.project_a
    former_pm = UserFactory(
        username="former_pm", first_name="Claire", last_name="Martin", roles=[Role.PROJECT_MANAGER]
    )
    project = ProjectFactory(
        code="PRJ-OLD",
        name="Refonte de la facturation",
        portfolio=world.p1,
        manager=former_pm,
        business_domain=live.business_domain,
        project_type=live.project_type,
        status=ProjectStatus.CLOSED,
        planned_start=date(2024, 9, 2),
        planned_end=date(2025, 3, 31),
        actual_end=date(2025, 5, 20),
    )
    review = closure.start_review(project=project, user=former_pm)
    review = closure.update_review(
        review=review,
        user=former_pm,
        fields={
            "scope_delivered": 90,
            "scope_notes": "L'export comptable est reporté.",
            "went_well": "Le découpage en lots.",
            "went_badly": "La recette a attendu les experts métier trois semaines.",
        },
    )
    lesson = closure.draft_lesson(
        review=review,
        user=former_pm,
        fields={
            "title": LESSON,
            "context": "Les experts métier n'étaient pas disponibles au début de la recette.",
            "what_happened": "Trois semaines de retard sur la mise en service.",
            "recommendation": "Réserver le temps des experts métier dès le cadrage.",
            "category": Category.RESOURCES,
            "phase": "Recette",
            "tags": "recette, experts métier",
            "impact": Impact.HIGH,
            "language": Language.FRENCH,
        },
    )
    closure.submit_review(review=review, user=former_pm)
    return project, lesson


def _template_versions(user) -> str:
    """The "Plan de recette" template, v1 then a new major v2 (both published); the label of
    v2 as forms show it."""
    template = library.create_template(user=user, name=TEMPLATE)
    for bump, note, text in (
        (library.MAJOR, "Première version.", "Plan de recette"),
        (library.MAJOR, "Réservation des experts métier.", "Experts métier réservés : oui/non"),
    ):
        version = library.upload_version(
            template=template,
            user=user,
            name="plan-recette.docx",
            data=docx_bytes("Plan de recette", text, "Projet : {{ project_name }}"),
            bump=bump,
            change_note=note,
        )
        library.publish_version(version=version, user=user)
    return f"{TEMPLATE} v2.0.0"


def _signed_in_page(new_context, live_server, user):
    """A page of a new browser context (its own cookies), in French, signed in as ``user``."""
    client = Client()
    client.force_login(user)
    context = new_context()
    context.add_cookies(
        [
            {"name": settings.LANGUAGE_COOKIE_NAME, "value": "fr", "url": live_server.url},
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
            },
        ]
    )
    return context.new_page()


def _texts(locator) -> list[str]:
    return [text.strip() for text in locator.all_inner_texts()]


def test_closure_lesson_routed_applied_covered_and_acted_on(
    page, live_server, e2e_world, sign_in, french, new_context
):
    world = e2e_world
    live, pm, pmo = world.project_a, world.users["pm"], world.users["pmo"]
    clear_index_cache()  # the routing index is per process: start from this test's lessons
    closed, lesson = _submitted_review(world)
    version_label = _template_versions(pmo)
    journey = Journey(page)
    page.set_default_timeout(10_000)

    # --- The PMO validates the submitted closure review, and with it the drafted lesson. -
    sign_in("pmo")
    page.goto(live_server.url + reverse("portfolios:project_list"))
    page.get_by_role("button", name="Amélioration continue").click()
    page.get_by_role("link", name="Bilans de clôture").click()
    reviews = page.locator("#reviews tbody tr")
    expect(reviews).to_have_count(1)
    expect(reviews).to_contain_text("Soumis")
    journey.check("closure-list")
    reviews.get_by_role("link").click()
    expect(page.locator("#review-status")).to_have_text("Soumis")
    expect(page.locator("#review-lessons")).to_contain_text(f"{LESSON} · Brouillon")
    journey.check("closure-submitted")
    page.get_by_role("button", name="Valider le bilan").click()
    expect(page.locator(".messages [role=status]")).to_contain_text("Bilan de clôture validé")
    expect(page.locator("#review-status")).to_have_text("Validé")
    expect(page.locator("#review-lessons")).to_contain_text(f"{LESSON} · Validée")
    expect(page.get_by_role("button", name="Valider le bilan")).to_have_count(0)
    journey.check("closure-validated")
    closed.closure_review.refresh_from_db()
    assert closed.closure_review.status == ClosureStatus.VALIDATED
    lesson.refresh_from_db()
    assert lesson.status == LessonStatus.VALIDATED

    # --- ... opens the lesson and routes it by hand to live project PRJ-A. ---------------
    page.locator("#review-lessons").get_by_role("link", name=LESSON).click()
    expect(page.locator("#lesson-status")).to_have_text("Validée")
    journey.check("lesson-validated")
    page.locator(f"a[href='{reverse('lessons:lesson_route', args=[lesson.pk])}']").click()
    expect(page.locator("h1")).to_have_text("Adresser une leçon")
    expect(page.locator("#h-routes + p")).to_contain_text("n'a encore atteint aucun projet")
    page.get_by_label("Code du projet").fill("PRJ-NONE")
    page.get_by_role("button", name="Adresser à ce projet").click()
    expect(page.locator("main form")).to_contain_text("Aucun projet en cours ne porte ce code.")
    journey.check("route-error")
    page.get_by_label("Code du projet").fill(live.code.lower())
    journey.check("route-form")
    page.get_by_role("button", name="Adresser à ce projet").click()
    expect(page.locator(".messages [role=status]")).to_contain_text(
        f"Leçon adressée à {live.code}."
    )
    routes = page.locator("section[aria-labelledby=h-routes] tbody tr")
    expect(routes).to_have_count(1)
    expect(routes).to_contain_text(f"{live.code} — {live.name}")
    expect(routes).to_contain_text("Suggérée")
    journey.check("routed")
    route = LessonRoute.objects.get(lesson=lesson)
    assert (route.project, route.source, route.routed_by) == (live, RouteSource.MANUAL, pmo)

    # --- PRJ-A's manager, in their own browser, marks it applied. ------------------------
    pm_page = _signed_in_page(new_context, live_server, pm)
    pm_page.set_default_timeout(10_000)
    pm_journey = Journey(pm_page)
    pm_page.goto(live_server.url + live.get_absolute_url())
    pm_page.get_by_role("link", name="Leçons pour votre projet").click()
    card = pm_page.locator("#routed-lessons > li").filter(has_text=LESSON)
    expect(card).to_have_count(1)
    expect(pm_page.locator("#routed-lessons > li").first).to_contain_text(LESSON)  # manual first
    expect(card).to_contain_text("Pourquoi : adressée par le PMO")
    expect(card).to_contain_text("Réserver le temps des experts métier dès le cadrage.")
    expect(card.locator(".badge")).to_have_count(0)
    pm_journey.check("project-tab")
    card.get_by_role("button", name="Marquer appliquée").click()
    expect(pm_page.locator(".messages [role=status]")).to_contain_text(
        f"Leçon marquée : « {LESSON} »."
    )
    card = pm_page.locator("#routed-lessons > li").filter(has_text=LESSON)
    expect(card.locator(".badge")).to_have_text("Appliquée")
    expect(card.get_by_role("button", name="Marquer appliquée")).to_have_count(0)
    pm_journey.check("project-tab-applied")
    route.refresh_from_db()
    assert (route.status, route.decided_by) == (RouteStatus.APPLIED, pm)
    pm_page.context.close()

    # --- The PMO's coverage: reached once, applied once. ---------------------------------
    page.get_by_role("button", name="Amélioration continue").click()
    page.get_by_role("link", name="Couverture des leçons").click()
    row = page.locator("#coverage tbody tr").filter(has_text=LESSON)
    expect(row).to_have_count(1)
    # Routed to, applied, not relevant, projects.
    assert _texts(row.locator("td")) == ["1", "1", "0", f"{live.code} (Appliquée)"]
    totals = dict(
        zip(
            _texts(page.locator("#coverage-totals dt")),
            _texts(page.locator("#coverage-totals dd")),
            strict=True,
        )
    )
    assert totals == {
        "Adressages": "1",
        "Appliquées": "1",
        "Non pertinentes": "0",
        "Projets atteints": "1",
        "Leçons qui n'ont atteint personne": "0 / 1",
    }
    journey.check("coverage")

    # --- An improvement action from the lesson, leading to the template's new version. ---
    row.get_by_role("link", name=LESSON).click()  # the lesson's routes
    expect(page.locator("section[aria-labelledby=h-routes] tbody tr")).to_contain_text("Appliquée")
    page.locator(".breadcrumb").get_by_role("link", name=LESSON[:30]).click()
    new_action = f"{reverse('lessons:action_create')}?lesson={lesson.pk}"
    page.locator(f"a[href='{new_action}']").click()
    expect(page.locator("h1")).to_have_text("Nouvelle action d'amélioration")
    expect(page.locator("#id_lesson")).to_have_value(str(lesson.pk))
    page.locator("#id_title").fill(ACTION)
    page.locator("#id_description").fill("Une ligne « experts métier réservés » au plan.")
    page.locator("#id_owner").select_option(str(pm.pk))
    due = timezone.localdate() + timedelta(days=60)
    page.locator("#id_due_date").fill(due.isoformat())
    page.locator("#id_template_version").select_option(label=version_label)
    journey.check("action-form")
    page.get_by_role("button", name="Enregistrer l'action").click()
    expect(page.locator(".messages [role=status]")).to_contain_text("Action d'amélioration créée")
    expect(page.locator("h1")).to_have_text(ACTION)
    expect(page.locator("#action-lesson")).to_have_text(LESSON)
    expect(page.locator("#governance-change")).to_have_text(version_label)
    journey.check("action-detail")
    action = ImprovementAction.objects.get()
    assert (action.lesson, str(action.template_version), action.owner) == (
        lesson,
        version_label,
        pm,
    )

    # The other direction: the governance version names the action that introduced it.
    page.locator(".breadcrumb").get_by_role("link", name="Actions d'amélioration").click()
    expect(page.locator("main")).to_contain_text(ACTION)
    journey.check("action-list")
    page.get_by_role("link", name="Changements par élément de gouvernance").click()
    change = page.locator("#governance-changes tbody tr")
    expect(change).to_have_count(1)
    expect(change.locator("th")).to_have_text(f"Modèle de document · {version_label}")
    expect(change.locator("td")).to_contain_text(f"{ACTION} · Ouverte")
    journey.check("governance-changes")
    change.get_by_role("link", name=ACTION).click()
    expect(page.locator("h1")).to_have_text(ACTION)
    page.goto(live_server.url + reverse("lessons:action_governance"))
    change.get_by_role("link", name=version_label).click()
    expect(page.locator("h1")).to_contain_text(TEMPLATE)
    expect(page.locator("main")).to_contain_text("2.0.0")
