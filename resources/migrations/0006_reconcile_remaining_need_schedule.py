"""Seed the beat schedule with the nightly reconciliation of the remaining need: 02:15, Paris."""

from django.db import migrations

from pmo_portal.schedules import add_crontab_task, remove_task

TASK_NAME = "Remaining need reconciliation"


def add_schedule(apps, schema_editor):
    add_crontab_task(
        apps,
        name=TASK_NAME,
        task="resources.tasks.reconcile_remaining_need",
        minute="15",
        hour="2",
        description="Recomputes the remaining need (CAPEX, OPEX, FTE per year) of every active "
        "project on its business case, from budget lines, actual costs and allocations.",
    )


def remove_schedule(apps, schema_editor):
    remove_task(apps, name=TASK_NAME)


class Migration(migrations.Migration):
    dependencies = [
        ("resources", "0005_staged_imports"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(add_schedule, remove_schedule)]
