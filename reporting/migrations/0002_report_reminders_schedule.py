"""Seed the beat schedule with the status-report reminders: every day at 07:30, Paris time.

Daily, not weekly: whatever the reporting frequency of a portfolio, the task finds the
periods closing within REPORT_REMINDER_DAYS and the ones late by more than REPORT_GRACE_DAYS;
the outbox's de-duplication key makes every further run of the same period send nothing.
"""

from django.db import migrations

from pmo_portal.schedules import add_crontab_task, remove_task

TASK_NAME = "Status report reminders"


def add_schedule(apps, schema_editor):
    add_crontab_task(
        apps,
        name=TASK_NAME,
        task="reporting.tasks.send_report_reminders",
        minute="30",
        hour="7",
        description="E-mails project managers whose status report is due soon, "
        "and the PMO when a report is late.",
    )


def remove_schedule(apps, schema_editor):
    remove_task(apps, name=TASK_NAME)


class Migration(migrations.Migration):
    dependencies = [
        ("reporting", "0001_initial"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]
    operations = [migrations.RunPython(add_schedule, remove_schedule)]
