# Two pieces of work of issue 12 made in parallel (score versions, per-team limits).

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("portfolios", "0007_scenario_team_limits"),
        ("portfolios", "0007_scores_projectscore_version"),
    ]

    operations = []
