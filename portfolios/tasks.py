"""Celery tasks of portfolios: thin, idempotent wrappers around services."""

from celery import shared_task
from celery.exceptions import SoftTimeLimitExceeded

from pmo_portal.leases import LeasedTask


@shared_task(
    base=LeasedTask,
    name="portfolios.tasks.solve_scenario",
    # The queue of long CPU work, one task at a time (with the COPIL packs): a solve never
    # delays an alert on the default queue.
    queue="pdf",
    acks_late=True,
    reject_on_worker_lost=True,
    # Above the sum of the optimiser's limits (portfolios/services/scenarios.py: 60 + 120
    # + 3 x 20 + 20 s): the optimiser stops itself first.
    time_limit=330,
    soft_time_limit=300,
)
def solve_scenario(scenario_id: int) -> str:
    """Solve a scenario someone asked to solve (``request_solve``) and store its result.

    Idempotent: a scenario that is no longer waiting for a solve (done by an earlier run of
    this message, committed or deleted since) is left alone. Leased (pmo_portal.leases): run
    again within about a minute when its worker dies."""
    from django.utils.translation import gettext_noop

    from portfolios.models import Scenario, ScenarioStatus
    from portfolios.services.scenarios import solve_scenario as solve
    from portfolios.services.scenarios import stop_solving

    scenario = Scenario.objects.filter(pk=scenario_id, solving_since__isnull=False).first()
    if scenario is None:
        return "skipped"
    if scenario.status == ScenarioStatus.COMMITTED:
        stop_solving(scenario=scenario)
        return "skipped"
    try:
        solve(scenario=scenario, user=None)
    except SoftTimeLimitExceeded:
        stop_solving(
            scenario=scenario,
            message=gettext_noop("The last solve took too long and was stopped."),
        )
        return "stopped"
    except BaseException:
        stop_solving(
            scenario=scenario, message=gettext_noop("The last solve failed: ask the PMO team.")
        )
        raise
    return "done"


@shared_task(
    base=LeasedTask,
    name="portfolios.tasks.reconcile_rollups",
    acks_late=True,
    reject_on_worker_lost=True,
    time_limit=900,
    soft_time_limit=840,
)
def reconcile_rollups() -> dict:
    """Every night (beat): recompute the portfolio roll-ups from the source rows, log and fix
    each difference (portfolios.services.rollups.reconcile); returns the counts.

    Idempotent and safe to retry: one transaction (a killed run leaves nothing), and a rerun
    finds no difference left to fix."""
    from portfolios.services.rollups import reconcile

    return reconcile()
