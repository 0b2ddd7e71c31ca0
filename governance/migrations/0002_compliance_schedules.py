"""Seed the beat schedule with the compliance tasks (Paris time): the monthly snapshot of
every project's compliance, upserted every night at 02:15, and the warning of deliverables
missing before a planned gate review, every morning at 07:10.

Schedules live in django-celery-beat so the PMO can change them in the admin.
"""

from django.db import migrations

from pmo_portal.schedules import add_crontab_task, remove_task

SNAPSHOT = "Compliance snapshot"
WARNING = "Deliverables missing before a gate review"


def add_schedules(apps, schema_editor):
    add_crontab_task(
        apps,
        name=SNAPSHOT,
        task="governance.tasks.snapshot_compliance",
        minute="15",
        hour="2",
        description="Upserts this month's compliance snapshot of every project under a "
        "methodology (the 12-month trend of the compliance page).",
    )
    add_crontab_task(
        apps,
        name=WARNING,
        task="governance.tasks.warn_missing_deliverables",
        minute="10",
        hour="7",
        description="E-mails the project manager and deputies, once per gate review, when the "
        "review is planned within five days and deliverables of the phase are missing.",
    )


def remove_schedules(apps, schema_editor):
    remove_task(apps, name=SNAPSHOT)
    remove_task(apps, name=WARNING)


class Migration(migrations.Migration):
    dependencies = [
        ("governance", "0001_initial"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]
    operations = [migrations.RunPython(add_schedules, remove_schedules)]
