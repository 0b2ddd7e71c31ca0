# Scenarios limited per team (issue 12): a limit's kind may be "fte:<team id>", with the
# team's name kept in ``label``. Written by hand: only these changes (another 0007 may exist
# beside it; the lead merges them).

import django.core.validators
from django.db import migrations, models

import pmo_portal.validators


class Migration(migrations.Migration):
    dependencies = [
        ("portfolios", "0006_scenario_solving_since"),
    ]

    operations = [
        migrations.AddField(
            model_name="scenariolimit",
            name="label",
            field=models.CharField(
                blank=True,
                max_length=150,
                validators=[pmo_portal.validators.no_control_characters],
                verbose_name="team",
            ),
        ),
        migrations.AlterField(
            model_name="scenariolimit",
            name="kind",
            field=models.CharField(
                max_length=20,
                validators=[
                    django.core.validators.RegexValidator("^(capex|opex|fte(:[1-9]\\d*)?)$")
                ],
                verbose_name="kind",
            ),
        ),
        migrations.AddConstraint(
            model_name="scenariolimit",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(("kind__in", ["capex", "opex", "fte"]), ("label", "")),
                    models.Q(("kind__startswith", "fte:"), models.Q(("label", ""), _negated=True)),
                    _connector="OR",
                ),
                name="scenario_limit_kind_or_team",
            ),
        ),
    ]
