"""Seed the beat schedule with the outbox delivery (every minute, queue "default").

Enqueueing also triggers a delivery after commit; this periodic run takes the retries whose
backoff has expired and anything a lost worker left behind.
"""

from django.db import migrations

TASK_NAME = "Deliver notifications"


def add_schedule(apps, schema_editor):
    IntervalSchedule = apps.get_model("django_celery_beat", "IntervalSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    every_minute, _ = IntervalSchedule.objects.get_or_create(every=1, period="minutes")
    PeriodicTask.objects.get_or_create(
        name=TASK_NAME,
        defaults={
            "task": "pmo_portal.tasks.deliver_notifications",
            "interval": every_minute,
            "queue": "default",
            "description": "Sends the e-mails waiting in the notification outbox, with retries.",
        },
    )


def remove_schedule(apps, schema_editor):
    apps.get_model("django_celery_beat", "PeriodicTask").objects.filter(name=TASK_NAME).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("pmo_portal", "0004_notificationpreference_notification"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]
    operations = [migrations.RunPython(add_schedule, remove_schedule)]
