"""Build the demo company in one transaction; idempotent.

A wiring module (shared/DESIGN.md): it calls the demo builders of every app, from above.
"""

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from portfolios import demo as portfolio_demo
from portfolios.models import Project


class Command(BaseCommand):
    help = "Create the demo company (objectives, portfolio tree, projects, one user per role)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--projects", type=int, default=60, help="number of projects (default 60)"
        )
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="do nothing if the database already holds projects (used by make run)",
        )

    def handle(self, *args, projects: int, if_empty: bool, **options):
        if projects < 0:
            raise CommandError("--projects must be zero or more")
        if if_empty and Project.objects.exists():
            self.stdout.write("The database already holds projects: demo data left as it is.")
        else:
            with transaction.atomic():
                created = portfolio_demo.seed_portfolios(projects=projects, stdout=self.stdout)
            self.stdout.write(
                self.style.SUCCESS(f"Demo data ready ({created['projects']} projects created).")
            )
        self.stdout.write("Demo accounts:")
        for account in portfolio_demo.ACCOUNTS:
            self.stdout.write(f"{account.role.value}: {account.username} / {account.password}")
