"""Forms of the jurisdiction pages (the organisation and cadre lists use ``filters.py``)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from xuncha.orgs.filters import SEARCH_MAX_LENGTH, search_widget


class JurisdictionSearchForm(forms.Form):
    q = forms.CharField(label=_("名称"), required=False, max_length=SEARCH_MAX_LENGTH,
                        widget=search_widget(_("党委名称或行政区划代码")),
                        error_messages={"max_length": _("搜索内容不能超过 %(limit_value)d 个字。")})

    def query(self) -> str:
        """The search text, or "" when there is none or it is invalid."""
        return self.cleaned_data.get("q", "").strip() if self.is_valid() else ""
