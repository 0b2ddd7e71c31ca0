# Scores (issue 12): a version on each project score, so that a save or a decision made from
# a stale page is refused (pmo_portal/concurrency.py); one criterion per kind in a model,
# except "other". Written by hand: only these changes (another 0007 may exist beside it).

from django.db import migrations, models
from django.db.models import Q


class Migration(migrations.Migration):
    dependencies = [
        ("portfolios", "0006_scenario_solving_since"),
    ]

    operations = [
        migrations.AddField(
            model_name="historicalprojectscore",
            name="version",
            field=models.PositiveIntegerField(default=1, editable=False, verbose_name="version"),
        ),
        migrations.AddField(
            model_name="projectscore",
            name="version",
            field=models.PositiveIntegerField(default=1, editable=False, verbose_name="version"),
        ),
        migrations.AddConstraint(
            model_name="scoringcriterion",
            constraint=models.UniqueConstraint(
                condition=~Q(kind="other"),
                fields=("model", "kind"),
                name="criterion_kind_once_per_model",
            ),
        ),
    ]
