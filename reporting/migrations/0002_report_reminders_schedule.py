"""Seed the beat schedule with the status-report reminders: every day at 07:30, Paris time.

Daily, not weekly: whatever the reporting frequency of a portfolio, the task finds the
periods closing within REPORT_REMINDER_DAYS and the ones late by more than REPORT_GRACE_DAYS;
the outbox's de-duplication key makes every further run of the same period send nothing.
"""

from django.db import migrations

TASK_NAME = "Status report reminders"


def add_schedule(apps, schema_editor):
    CrontabSchedule = apps.get_model("django_celery_beat", "CrontabSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    every_morning, _ = CrontabSchedule.objects.get_or_create(
        minute="30",
        hour="7",
        day_of_week="*",
        day_of_month="*",
        month_of_year="*",
        timezone="Europe/Paris",
    )
    PeriodicTask.objects.get_or_create(
        name=TASK_NAME,
        defaults={
            "task": "reporting.tasks.send_report_reminders",
            "crontab": every_morning,
            "queue": "default",
            "description": "E-mails project managers whose status report is due soon, "
            "and the PMO when a report is late.",
        },
    )


def remove_schedule(apps, schema_editor):
    apps.get_model("django_celery_beat", "PeriodicTask").objects.filter(name=TASK_NAME).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("reporting", "0001_initial"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]
    operations = [migrations.RunPython(add_schedule, remove_schedule)]
