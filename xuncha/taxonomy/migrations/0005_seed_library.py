from django.db import migrations

from xuncha.taxonomy.library import load_library, load_typical_problems
from xuncha.taxonomy.seed import load


def seed(apps, schema_editor):
    framework, node = apps.get_model("taxonomy", "Framework"), apps.get_model("taxonomy", "FrameworkNode")
    load(framework, node)
    load_typical_problems(framework, node, apps.get_model("taxonomy", "TypicalProblem"))
    load_library(apps.get_model("taxonomy", "Regulation"), apps.get_model("taxonomy", "Article"),
                 apps.get_model("taxonomy", "Wording"))


class Migration(migrations.Migration):
    """The sub-items of F2020 and F2023, the village checklist, F2018's 一个加强 named as the 2018 rounds used it
    (the supervision of rectification), the typical problems, the basis library and the wording library."""

    dependencies = [("taxonomy", "0004_basis_library_and_local_items")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
