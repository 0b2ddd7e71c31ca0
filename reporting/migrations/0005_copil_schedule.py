"""Seed the beat schedule with the COPIL pack task: every quarter of an hour.

The task makes at most one scheduled pack per meeting (a database constraint), so running
it often costs nothing and gets a pack out soon after a meeting enters the notice period.
"""

from django.db import migrations

TASK_NAME = "COPIL packs before meetings"


def add_schedule(apps, schema_editor):
    CrontabSchedule = apps.get_model("django_celery_beat", "CrontabSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    every_quarter, _ = CrontabSchedule.objects.get_or_create(
        minute="*/15",
        hour="*",
        day_of_week="*",
        day_of_month="*",
        month_of_year="*",
        timezone="Europe/Paris",
    )
    PeriodicTask.objects.get_or_create(
        name=TASK_NAME,
        defaults={
            "task": "reporting.tasks.schedule_copil_packs",
            "crontab": every_quarter,
            "queue": "default",
            "description": "Generates the pack of each steering committee a few days before "
            "it (COPIL settings) and e-mails the attendees a link, once.",
        },
    )


def remove_schedule(apps, schema_editor):
    apps.get_model("django_celery_beat", "PeriodicTask").objects.filter(name=TASK_NAME).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("reporting", "0004_copil"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]
    operations = [migrations.RunPython(add_schedule, remove_schedule)]
