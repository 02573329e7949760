from django.db import migrations

from xuncha.taxonomy.seed import load


def seed(apps, schema_editor):
    load(apps.get_model("taxonomy", "Framework"), apps.get_model("taxonomy", "FrameworkNode"))


class Migration(migrations.Migration):
    """The focus framework in force before October 2017 (F2015), so that rounds before it have one too."""

    dependencies = [("taxonomy", "0002_seed_frameworks")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
