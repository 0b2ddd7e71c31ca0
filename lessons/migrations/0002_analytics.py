"""Past-performance analytics (issue 13): project snapshots, the trained overrun-risk models,
and the weekly retraining in the beat schedule (Monday 05:30, Paris, default queue)."""

import django.db.models.deletion
from django.db import migrations, models

TASK_NAME = "Overrun-risk model retraining"


def add_schedule(apps, schema_editor):
    # Weekly: pmo_portal.schedules.add_crontab_task only writes daily crontabs.
    CrontabSchedule = apps.get_model("django_celery_beat", "CrontabSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    crontab, _created = CrontabSchedule.objects.get_or_create(
        minute="30",
        hour="5",
        day_of_week="1",
        day_of_month="*",
        month_of_year="*",
        timezone="Europe/Paris",
    )
    PeriodicTask.objects.get_or_create(
        name=TASK_NAME,
        defaults={
            "task": "lessons.tasks.retrain_overrun_model",
            "crontab": crontab,
            "queue": "default",
            "description": "Retrains the overrun-risk prediction on the closed projects "
            "(cross-validated AUC and Brier score stored with the model).",
        },
    )


def remove_schedule(apps, schema_editor):
    apps.get_model("django_celery_beat", "PeriodicTask").objects.filter(name=TASK_NAME).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("lessons", "0001_initial"),
        ("portfolios", "0008_merge_scores_teams"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [
        migrations.CreateModel(
            name="PredictionModel",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("trained_at", models.DateTimeField(verbose_name="trained at")),
                ("n", models.PositiveIntegerField(verbose_name="closed projects learnt from")),
                ("positives", models.PositiveIntegerField(verbose_name="of which overran")),
                ("auc", models.FloatField(verbose_name="cross-validated ROC AUC")),
                ("brier", models.FloatField(verbose_name="cross-validated Brier score")),
                ("explanation", models.JSONField(default=dict, verbose_name="coefficients")),
                ("project_ids", models.JSONField(default=list, verbose_name="training projects")),
                ("estimator", models.BinaryField(verbose_name="fitted model")),
            ],
            options={
                "verbose_name": "prediction model",
                "verbose_name_plural": "prediction models",
                "ordering": ["-trained_at"],
                "get_latest_by": "trained_at",
                "constraints": [
                    models.CheckConstraint(
                        condition=models.Q(("auc__gte", 0), ("auc__lte", 1))
                        & models.Q(("brier__gte", 0), ("brier__lte", 1)),
                        name="lessons_prediction_quality_0_1",
                    )
                ],
            },
        ),
        migrations.CreateModel(
            name="ProjectSnapshot",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("taken_on", models.DateField(verbose_name="taken on")),
                (
                    "elapsed",
                    models.FloatField(verbose_name="share of the planned duration elapsed"),
                ),
                (
                    "budget",
                    models.DecimalField(
                        decimal_places=2, max_digits=14, verbose_name="baseline budget (€)"
                    ),
                ),
                ("budget_consumed", models.FloatField(verbose_name="share of the budget consumed")),
                ("schedule_slip", models.FloatField(verbose_name="schedule slip so far")),
                ("open_risks", models.PositiveSmallIntegerField(verbose_name="open risks")),
                ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="created")),
                (
                    "project",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="lessons_snapshot",
                        to="portfolios.project",
                        verbose_name="project",
                    ),
                ),
            ],
            options={
                "verbose_name": "project snapshot",
                "verbose_name_plural": "project snapshots",
                "constraints": [
                    models.CheckConstraint(
                        condition=models.Q(("elapsed__gt", 0))
                        & models.Q(("budget__gte", 0))
                        & models.Q(("budget_consumed__gte", 0)),
                        name="lessons_snapshot_figures_positive",
                    )
                ],
            },
        ),
        migrations.RunPython(add_schedule, remove_schedule),
    ]
