# Optimistic locking of the edit forms (pmo_portal/concurrency.py): a version per row.

from django.db import migrations, models


def _version():
    return models.PositiveIntegerField(default=1, editable=False, verbose_name="version")


class Migration(migrations.Migration):
    dependencies = [
        ("resources", "0003_no_control_characters"),
    ]

    operations = [
        migrations.AddField(model_name="allocation", name="version", field=_version()),
        migrations.AddField(model_name="budgetline", name="version", field=_version()),
        migrations.AddField(model_name="historicalallocation", name="version", field=_version()),
        migrations.AddField(model_name="historicalbudgetline", name="version", field=_version()),
        migrations.AddField(model_name="resource", name="version", field=_version()),
    ]
