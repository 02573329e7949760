"""The questionnaire templates of spec §4.5 and §7.7, version 1 (xuncha.surveys.seed)."""

from typing import Any

from django.db import migrations

from xuncha.surveys.seed import load_templates


def load(apps: Any, schema_editor: Any) -> None:
    load_templates(apps.get_model("surveys", "SurveyTemplate"), apps.get_model("surveys", "TemplateQuestion"))


def unload(apps: Any, schema_editor: Any) -> None:
    apps.get_model("surveys", "SurveyTemplate").objects.filter(code__in=["MZCP-BZ", "XRYR-PY", "XHPG"]).delete()


class Migration(migrations.Migration):
    dependencies = [("surveys", "0001_initial")]

    operations = [migrations.RunPython(load, unload)]
