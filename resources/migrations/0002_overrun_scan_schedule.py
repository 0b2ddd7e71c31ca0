"""Seed the beat schedule with the budget-overrun scan: every day at 06:30, Paris time.

Schedules live in django-celery-beat so the PMO can change them in the admin.
"""

from django.db import migrations

from pmo_portal.schedules import add_crontab_task, remove_task

TASK_NAME = "Budget overrun scan"


def add_schedule(apps, schema_editor):
    add_crontab_task(
        apps,
        name=TASK_NAME,
        task="resources.tasks.scan_budget_overruns",
        minute="30",
        hour="6",
        description="Detects budget overruns (actual, EAC, spending pace), records "
        "alerts and e-mails the project manager and the PMO when the PM has not flagged it.",
    )


def remove_schedule(apps, schema_editor):
    remove_task(apps, name=TASK_NAME)


class Migration(migrations.Migration):
    dependencies = [
        ("resources", "0001_initial"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]
    operations = [migrations.RunPython(add_schedule, remove_schedule)]
