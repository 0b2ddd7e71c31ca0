# Three parts of issue 13 built in parallel (routing, closure reviews and actions,
# past-performance analytics), each on the register's first migration.

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("lessons", "0002_analytics"),
        ("lessons", "0002_closure"),
        ("lessons", "0002_routing"),
    ]

    operations = []
