"""``manage.py reconcile_rollups``: run the nightly reconciliation of the roll-ups now
(portfolios.services.rollups.reconcile) and print the number of differences fixed."""

from django.core.management.base import BaseCommand

from portfolios.services.rollups import reconcile


class Command(BaseCommand):
    help = "Recompute the portfolio roll-ups from the source rows; print the differences fixed."

    def handle(self, *args, **options):
        counts = reconcile()
        self.stdout.write(f"differences: {counts['differences']}")
        self.stdout.write(f"ledger differences: {counts['ledger_differences']}")
