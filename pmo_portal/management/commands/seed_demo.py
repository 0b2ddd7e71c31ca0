"""Build the demo company in one transaction; idempotent.

A wiring module (shared/DESIGN.md): it calls the demo builders of every app, from above.
"""

import time

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from governance import demo as governance_demo
from lessons import demo as lessons_demo
from lessons import demo_closure as lessons_closure
from lessons import demo_history as lessons_history
from lessons import demo_routing as lessons_routing
from lessons import prediction as lessons_prediction
from portfolios import demo as portfolio_demo
from portfolios import demo_scenarios, demo_strategy
from portfolios.models import Project
from portfolios.services.rollups import reconcile as reconcile_rollups
from reporting import demo as reporting_demo
from reporting import demo_copil
from resources import demo as budget_demo
from resources import demo_capacity as capacity_demo
from resources import demo_imports
from resources.services.alerts import scan_budget_overruns
from resources.services.remaining_need import reconcile_remaining_need


class Command(BaseCommand):
    help = "Create the demo company (objectives, portfolio tree, projects, one user per role)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--projects", type=int, default=60, help="number of projects (default 60)"
        )
        parser.add_argument(
            "--history",
            type=int,
            default=12,
            help="status reports per project, going back from this period (default 12; "
            "0 skips the reporting history)",
        )
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="do nothing if the database already holds projects (used by make run)",
        )

    def handle(self, *args, projects: int, history: int, if_empty: bool, **options):
        if projects < 0:
            raise CommandError("--projects must be zero or more")
        if history < 0:
            raise CommandError("--history must be zero or more")
        if if_empty and Project.objects.exists():
            self.stdout.write("The database already holds projects: demo data left as it is.")
        else:
            started = time.perf_counter()
            with transaction.atomic():
                created = portfolio_demo.seed_portfolios(projects=projects, stdout=self.stdout)
                # 240 closed projects of the last five years, for the past-performance
                # analytics: before the other demos, which then treat them on the first run
                # as on any rerun (scores, report history), so a rerun changes nothing.
                history_counts = lessons_history.seed_history()
                reporting = (
                    reporting_demo.seed_reporting(history=history, stdout=self.stdout)
                    if history
                    else None
                )
                # After the reporting history: the budget demo sets the declared budget
                # health of its two overrunning projects (one silent, one flagged).
                capacity = capacity_demo.seed_capacity()
                budgets = budget_demo.seed_budgets()
                # This week's cost imports of Finance, two of them rejected (import log).
                imports = demo_imports.seed_import_log()
                copil = demo_copil.seed_copil()
                # Strategic alignment after the budgets: objectives' KPIs, 30 candidates
                # with business cases and scores, the remaining need of active projects
                # (their budgets were bulk-created). Before governance, so that its approved
                # candidates get their lifecycle on the first run as on any rerun.
                strategy = demo_strategy.seed_strategy()
                remaining = reconcile_remaining_need()
                governance = governance_demo.seed_governance(stdout=self.stdout)
                # Two solved scenarios telling the CAPEX-cut story.
                scenarios = demo_scenarios.seed_scenarios()
                # The lessons register: 138 lessons, some from the closed projects above.
                lessons = lessons_demo.seed_lessons()
                # Closure reviews of the closed projects, and improvement actions.
                closure_counts = lessons_closure.seed_closure()
                # Every live project's suggested lessons, and the managers' feedback on some.
                routing_counts = lessons_routing.seed_routing()
                # The overrun-risk model on the closed history, shown at once (retrained weekly).
                model = lessons_prediction.ensure_model()
                # The demo shows its budget alerts right away, not after the next morning's
                # scan (idempotent: a rerun creates and sends nothing twice).
                scan = scan_budget_overruns()
                # The dashboards' roll-ups, from the rows bulk-created above.
                reconcile_rollups(log_each=False)
            self.stdout.write(
                self.style.SUCCESS(f"Demo data ready ({created['projects']} projects created).")
            )
            if reporting is not None:
                self.stdout.write(
                    "Reporting history: {reports} submitted reports, {drafts} drafts, "
                    "{milestones} milestones, {snapshots} milestone snapshots, "
                    "{raid_items} RAID items created.".format(**reporting)
                )
            self.stdout.write(f"Resources and budgets: {capacity} / {budgets} / {imports}")
            self.stdout.write(
                "Steering committees: {meetings} meetings planned, "
                "{decisions} decisions recorded.".format(**copil)
            )
            self.stdout.write(
                "Governance: {lifecycles} project lifecycles, {reviews} gate reviews, "
                "{deliverables} deliverables, {snapshots} compliance snapshots created.".format(
                    **governance
                )
            )
            self.stdout.write(
                "Strategic alignment: {projects} candidate projects, {kpis} key indicators, "
                "{scores} scores, {dependencies} dependencies created; remaining need of "
                "{remaining} project years; {scenarios} scenarios saved.".format(
                    **strategy, remaining=remaining["rows"], scenarios=scenarios["scenarios"]
                )
            )
            self.stdout.write("Lessons learned: {lessons} lessons created.".format(**lessons))
            self.stdout.write(
                "Closure reviews: {reviews} reviews, {actions} improvement actions created.".format(
                    **closure_counts
                )
            )
            self.stdout.write(
                "Lesson routing: {suggestions} suggestions; {applied} applied, {not_relevant} "
                "not relevant, {manual} routed by the PMO.".format(**routing_counts)
            )
            self.stdout.write(
                "Past performance: {projects} closed projects, {snapshots} snapshots "
                "created.".format(**history_counts)
            )
            if model is not None:
                self.stdout.write(
                    f"Overrun-risk model: trained on {model.n} closed projects, "
                    f"cross-validated ROC AUC {model.auc:.3f}, Brier score {model.brier:.3f}."
                )
            self.stdout.write(
                "Budget alerts: {breaches} overruns detected, {created} alerts created.".format(
                    **scan
                )
            )
            self.stdout.write(f"Seeded in {time.perf_counter() - started:.1f} s.")
        self.stdout.write("Demo accounts:")
        for account in portfolio_demo.ACCOUNTS:
            self.stdout.write(f"{account.role.value}: {account.username} / {account.password}")
