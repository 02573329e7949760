from django.db import migrations

from xuncha.taxonomy.seed import load


def seed(apps, schema_editor):
    load(apps.get_model("taxonomy", "Framework"), apps.get_model("taxonomy", "FrameworkNode"))


class Migration(migrations.Migration):
    dependencies = [("taxonomy", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
