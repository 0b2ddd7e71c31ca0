"""Seed the beat schedule with the nightly reconciliation of the roll-ups: 03:10, Paris
(after the remaining need at 02:15); then fill the roll-ups of an existing database."""

from django.db import migrations

from pmo_portal.schedules import add_crontab_task, remove_task

TASK_NAME = "Roll-up reconciliation"


def add_schedule(apps, schema_editor):
    add_crontab_task(
        apps,
        name=TASK_NAME,
        task="portfolios.tasks.reconcile_rollups",
        minute="10",
        hour="3",
        description="Recomputes the dashboards' roll-ups (health, reports, milestones, risks, "
        "budgets per portfolio) from the source rows, logs and fixes any difference.",
    )


def remove_schedule(apps, schema_editor):
    remove_task(apps, name=TASK_NAME)


def fill_rollups(apps, schema_editor):
    """A database that already holds projects gets its roll-ups now, not at the first
    night: the dashboards read them as soon as this release runs."""
    from portfolios.services.rollups import reconcile

    if apps.get_model("portfolios", "Project").objects.exists():
        reconcile(log_each=False)


class Migration(migrations.Migration):
    dependencies = [
        ("portfolios", "0011_rollups"),
        ("reporting", "0011_report_project_status_period"),
        ("resources", "0011_alert_recipients_budget_settings_version"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [
        migrations.RunPython(add_schedule, remove_schedule),
        migrations.RunPython(fill_rollups, migrations.RunPython.noop),
    ]
