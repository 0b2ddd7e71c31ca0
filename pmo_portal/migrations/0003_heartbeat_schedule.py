"""Seed the beat schedule with the scheduler heartbeat (every minute).

Schedules live in django-celery-beat so the PMO can change them in the admin.
"""

from django.db import migrations

TASK_NAME = "Scheduler heartbeat"


def add_schedule(apps, schema_editor):
    IntervalSchedule = apps.get_model("django_celery_beat", "IntervalSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    every_minute, _ = IntervalSchedule.objects.get_or_create(every=1, period="minutes")
    PeriodicTask.objects.get_or_create(
        name=TASK_NAME,
        defaults={
            "task": "pmo_portal.tasks.heartbeat",
            "interval": every_minute,
            "queue": "default",
            "description": "Proves that beat and a worker run; read by /healthz.",
        },
    )


def remove_schedule(apps, schema_editor):
    apps.get_model("django_celery_beat", "PeriodicTask").objects.filter(name=TASK_NAME).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("pmo_portal", "0002_role_groups"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]
    operations = [migrations.RunPython(add_schedule, remove_schedule)]
