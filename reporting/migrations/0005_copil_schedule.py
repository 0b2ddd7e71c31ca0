"""Seed the beat schedule with the COPIL pack task: every quarter of an hour.

The task makes at most one scheduled pack per meeting (a database constraint), so running
it often costs nothing and gets a pack out soon after a meeting enters the notice period.
"""

from django.db import migrations

from pmo_portal.schedules import add_crontab_task, remove_task

TASK_NAME = "COPIL packs before meetings"


def add_schedule(apps, schema_editor):
    add_crontab_task(
        apps,
        name=TASK_NAME,
        task="reporting.tasks.schedule_copil_packs",
        minute="*/15",
        hour="*",
        description="Generates the pack of each steering committee a few days before "
        "it (COPIL settings) and e-mails the attendees a link, once.",
    )


def remove_schedule(apps, schema_editor):
    remove_task(apps, name=TASK_NAME)


class Migration(migrations.Migration):
    dependencies = [
        ("reporting", "0004_copil"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]
    operations = [migrations.RunPython(add_schedule, remove_schedule)]
