"""``manage.py copil_sample``: render a COPIL pack to a file, to look at it or to time it.

With ``--meeting PK``, that meeting's pack. Otherwise a sample meeting is built on the data
as it is, inside a transaction that is rolled back at the end (nothing stays behind): a
temporary portfolio holding ``--projects`` live projects (those with the most recent status
reports first), a previous COPIL with three decisions to follow up, and the meeting itself,
two days from now.

``--largest-business-unit``: the sample meeting is instead the COPIL of the business unit
(a portfolio under a root portfolio) with the most live projects, on the data as it is: above
the PMO's threshold, an exceptions pack (the bench's "COPIL pack, largest business unit").

``--archive`` times the whole generation as the ``pdf`` queue runs it
(``reporting.services.copil.generate_pack``: claim the pack row, render, store the file with
its SHA-256); the pack row is rolled back and the stored file deleted afterwards.
``--repeat N`` renders N times: the first run pays what a fresh worker pays once (templates
compiled, fonts loaded), the best of the others is the steady state. ``--json`` prints the
figures (pages, seconds, pages/s, peak memory of this process and of the forked renderer) as
JSON, for ``manage.py bench``.
"""

from __future__ import annotations

import json
import resource
import time
from datetime import timedelta
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.files.storage import default_storage
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from pmo_portal.pdf import peak_rss_kb
from portfolios.models import Portfolio, Project
from reporting.copil.render import render_pack
from reporting.models import (
    CopilDecision,
    CopilMeeting,
    CopilPack,
    CopilSettings,
    DecisionStatus,
    MeetingStatus,
)
from reporting.selectors.copil import LIVE_PROJECT_STATUSES, meeting_projects

SAMPLE_PORTFOLIO = "COPIL sample (temporary)"
DECISIONS = [
    (
        "Valider le passage en production du nouvel espace client, sous réserve de la "
        "recette de charge.",
        DecisionStatus.DONE,
        "Recette de charge passée ; mise en production confirmée.",
    ),
    (
        "Renforcer l'équipe data de 1 ETP pendant trois mois pour tenir le jalon de migration.",
        DecisionStatus.IN_PROGRESS,
        "Recrutement d'un prestataire en cours.",
    ),
    (
        "Revoir le périmètre du lot 3 afin de rester dans l'enveloppe OPEX de l'exercice.",
        DecisionStatus.OPEN,
        "",
    ),
]


class Rollback(Exception):
    """Raised at the end of a sample run to roll its rows back."""


class Command(BaseCommand):
    help = "Render a COPIL pack to a PDF file (a sample meeting unless --meeting is given)."
    # No system checks: they import every URLconf, view and admin module, which the ``pdf``
    # worker this command stands in for never loads (8 MB more in each process).
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("--meeting", type=int, help="render this meeting's pack")
        parser.add_argument(
            "--projects", type=int, default=50, help="projects of the sample meeting (50)"
        )
        parser.add_argument("--language", choices=["fr", "en"], default=None)
        parser.add_argument(
            "--order", choices=["health", "priority"], default="health", help="project order"
        )
        parser.add_argument("--archival", action="store_true", help="PDF/A-3b, tagged")
        parser.add_argument(
            "--archive",
            action="store_true",
            help="time generate_pack (render and store) instead of render_pack alone",
        )
        parser.add_argument(
            "--repeat", type=int, default=1, help="renders (the best after the first counts)"
        )
        parser.add_argument("--output", default="var/copil-sample.pdf", help="PDF file")
        parser.add_argument("--json", action="store_true", help="print the figures as JSON")
        parser.add_argument(
            "--largest-business-unit",
            action="store_true",
            help="the COPIL of the business unit with the most live projects",
        )

    def handle(self, *args, **options):
        if options["repeat"] < 1:
            raise CommandError("--repeat must be at least 1")
        if options["meeting"] and not options["archive"]:
            # Outside a transaction: the pack's reads share one snapshot, as in the worker.
            figures = self._render(self._meeting(options), options)
        else:
            try:
                with transaction.atomic():
                    if options["meeting"]:
                        meeting = self._meeting(options)
                    elif options["largest_business_unit"]:
                        meeting = self._business_unit_meeting(options)
                    else:
                        meeting = self._sample_meeting(options)
                    figures = self._render(meeting, options)
                    raise Rollback  # the sample meeting, or the archived pack's row
            except Rollback:
                pass
        if options["json"]:
            self.stdout.write(json.dumps(figures))
        else:
            self.stdout.write(
                "{pages} pages in {seconds:.2f} s ({pages_per_second:.1f} pages/s; first run "
                "{first_seconds:.2f} s), peak memory {peak_mb:.0f} MB (this process "
                "{parent_mb:.0f} MB + renderer {child_mb:.0f} MB), {mode}, {rounds} round(s): "
                "{output}".format(**figures)
            )

    def _meeting(self, options) -> CopilMeeting:
        meeting = (
            CopilMeeting.objects.select_related("portfolio", "project")
            .filter(pk=options["meeting"])
            .first()
        )
        if meeting is None:
            raise CommandError(f"no meeting {options['meeting']}")
        if options["language"]:
            meeting.language = options["language"]
        return meeting

    def _business_unit_meeting(self, options) -> CopilMeeting:
        units = Portfolio.objects.filter(parent__isnull=False, parent__parent__isnull=True)
        sizes = [
            (meeting_projects(CopilMeeting(portfolio=unit)).count(), unit.name, unit)
            for unit in units
        ]
        if not sizes:
            raise CommandError("no business unit (a portfolio under a root portfolio)")
        count, _name, unit = max(sizes, key=lambda size: (size[0], size[1]))
        self.business_unit = {"name": unit.name, "projects": count}
        return CopilMeeting.objects.create(
            title="COPIL " + unit.name,
            portfolio=unit,
            scheduled_at=timezone.now() + timedelta(days=2),
            language=options["language"] or "fr",
            project_order=options["order"],
        )

    def _sample_meeting(self, options) -> CopilMeeting:
        count = options["projects"]
        projects = list(
            Project.objects.filter(is_archived=False, status__in=LIVE_PROJECT_STATUSES)
            .annotate(latest=Max("status_reports__period_start"))
            .order_by("-latest", "code")[:count]
        )
        if len(projects) < count:
            raise CommandError(f"only {len(projects)} live projects: seed more (seed_demo)")
        portfolio = Portfolio.objects.create(name=SAMPLE_PORTFOLIO)
        # The sample times the usual pack, a page per project: above the PMO's threshold it
        # would be an exceptions pack (rolled back with the rest).
        current = CopilSettings.current()
        if current.exceptions_over < count:
            if current.pk is None:
                current.save()
            CopilSettings.objects.filter(pk=current.pk).update(exceptions_over=count)
        Project.objects.filter(pk__in=[p.pk for p in projects]).update(portfolio=portfolio)
        now = timezone.now()
        language = options["language"] or "fr"
        owner = get_user_model().objects.filter(is_staff=True).order_by("pk").first()
        previous = CopilMeeting.objects.create(
            title="COPIL",
            portfolio=portfolio,
            scheduled_at=now - timedelta(days=28),
            status=MeetingStatus.HELD,
            language=language,
        )
        for index, (text, status, follow_up) in enumerate(DECISIONS):
            CopilDecision.objects.create(
                meeting=previous,
                text=text,
                status=status,
                follow_up=follow_up,
                owner=owner,
                due_date=(now + timedelta(days=10 * index - 5)).date(),
                project=projects[index],
            )
        return CopilMeeting.objects.create(
            title="COPIL " + ("du portefeuille" if language == "fr" else "of the portfolio"),
            portfolio=portfolio,
            scheduled_at=now + timedelta(days=2),
            location="Siège, salle Vauban",
            agenda="1. Relevé de décisions\n2. Météo du portefeuille\n3. Budget\n4. Arbitrages",
            language=language,
            project_order=options["order"],
        )

    def _render(self, meeting: CopilMeeting, options) -> dict:
        output = Path(options["output"])
        output.parent.mkdir(parents=True, exist_ok=True)
        runs, child_kb, best_stats = [], 0, {}
        for run in range(options["repeat"]):
            seconds, pdf, pages, stats, child = self._once(meeting, options)
            runs.append(seconds)
            child_kb = max(child_kb, child)
            if run == 0 or seconds <= min(runs[1:]):
                best_stats = stats
        output.write_bytes(pdf)
        best = min(runs[1:] or runs)
        parent_kb = peak_rss_kb()  # this image's peak (not its parent's)
        return {
            "pages": pages,
            "seconds": round(best, 3),
            "pages_per_second": round(pages / best, 1),
            "first_seconds": round(runs[0], 3),
            "runs": [round(run, 3) for run in runs],
            "parent_mb": round(parent_kb / 1024, 1),
            "child_mb": round(child_kb / 1024, 1),
            "peak_mb": round((parent_kb + child_kb) / 1024, 1),
            "mode": "archival" if options["archival"] else stats.get("mode"),
            "rounds": stats.get("rounds"),
            "archived": bool(options["archive"]),
            "output": str(output),
            "size_kb": round(len(pdf) / 1024, 1),
            # The data read (pack_data and every section's read) of the best run.
            "data_seconds": best_stats.get("data_seconds"),
            "business_unit": getattr(self, "business_unit", None),
        }

    def _once(self, meeting: CopilMeeting, options) -> tuple:
        """One render (or generation): seconds, PDF, pages, stats, renderer's memory (KiB)."""
        started = time.perf_counter()
        if options["archive"]:
            try:
                from reporting.services.copil import generate_pack
            except ImportError as exc:
                raise CommandError("reporting.services.copil.generate_pack is missing") from exc
            pack = CopilPack.objects.create(meeting=meeting, language=meeting.language)
            generate_pack(pack_id=pack.pk)
            seconds = time.perf_counter() - started
            pack.refresh_from_db()
            if not pack.file:
                raise CommandError(f"the pack was not generated: {pack.error or pack.status}")
            with default_storage.open(pack.file.name, "rb") as handle:
                pdf = handle.read()
            default_storage.delete(pack.file.name)
            # generate_pack does not hand the renderer's stats over: the largest child
            # this process waited for is the forked renderer.
            child_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
            return seconds, pdf, pack.page_count, {"mode": "generate_pack"}, child_kb
        rendered = render_pack(
            meeting=meeting,
            settings=CopilSettings.current(),
            today=timezone.localdate(),
            archival=options["archival"],
        )
        seconds = time.perf_counter() - started
        stats = rendered.stats
        return seconds, rendered.pdf, rendered.page_count, stats, stats.get("child_rss_kb", 0)
