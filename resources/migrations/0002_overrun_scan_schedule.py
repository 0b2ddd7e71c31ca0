"""Seed the beat schedule with the budget-overrun scan: every day at 06:30, Paris time.

Schedules live in django-celery-beat so the PMO can change them in the admin.
"""

from django.db import migrations

TASK_NAME = "Budget overrun scan"


def add_schedule(apps, schema_editor):
    CrontabSchedule = apps.get_model("django_celery_beat", "CrontabSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    every_morning, _ = CrontabSchedule.objects.get_or_create(
        minute="30",
        hour="6",
        day_of_week="*",
        day_of_month="*",
        month_of_year="*",
        timezone="Europe/Paris",
    )
    PeriodicTask.objects.get_or_create(
        name=TASK_NAME,
        defaults={
            "task": "resources.tasks.scan_budget_overruns",
            "crontab": every_morning,
            "queue": "default",
            "description": "Detects budget overruns (actual, EAC, spending pace), records "
            "alerts and e-mails the project manager and the PMO when the PM has not flagged it.",
        },
    )


def remove_schedule(apps, schema_editor):
    apps.get_model("django_celery_beat", "PeriodicTask").objects.filter(name=TASK_NAME).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("resources", "0001_initial"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]
    operations = [migrations.RunPython(add_schedule, remove_schedule)]
