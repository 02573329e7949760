"""The system speaks Chinese only: no language switch, and a browser asking for English still gets Chinese."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.urls import NoReverseMatch, reverse

pytestmark = pytest.mark.django_db


def test_only_simplified_chinese_is_offered():
    assert [code for code, _name in settings.LANGUAGES] == ["zh-hans"]
    with pytest.raises(NoReverseMatch):
        reverse("set_language")


def test_no_language_switch_and_english_browsers_get_chinese(login, world):
    client = login("office_staff")
    html = client.get(reverse("dashboards:home"), headers={"accept-language": "en"}).content.decode()
    assert 'name="language"' not in html
    assert '<html lang="zh-hans">' in html
    assert "巡察工作概览" in html
    assert client.post("/i18n/setlang/", {"language": "en"}).status_code == 404
