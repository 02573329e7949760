from django.db import migrations


def seed(apps, schema_editor):
    from xuncha.taxonomy.seed import load

    load(apps.get_model("taxonomy", "Framework"), apps.get_model("taxonomy", "FrameworkNode"))


class Migration(migrations.Migration):
    dependencies = [("taxonomy", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
