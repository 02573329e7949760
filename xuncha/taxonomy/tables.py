"""The list tables of the basis library (``core.lists.Table``, ADR-0018)."""

from __future__ import annotations

from typing import Any

import django_tables2 as tables
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from xuncha.core.lists import Table
from xuncha.taxonomy.models import Article, Wording


class ArticleTable(Table):
    regulation = tables.Column(verbose_name=_("法规"), orderable=True,
                               order_by=("regulation__family", "regulation__effective_from", "sort"))
    number = tables.Column(verbose_name=_("条款"), orderable=False, attrs={"td": {"class": "text-nowrap"}})
    text = tables.Column(verbose_name=_("条文"), orderable=False)
    validity = tables.Column(verbose_name=_("施行期"), accessor="regulation__effective_from", orderable=True,
                             order_by=("regulation__effective_from",), attrs={"td": {"class": "text-nowrap"}})

    empty_icon = "journal-bookmark"

    class Meta(Table.Meta):
        model = Article
        fields = ("regulation", "number", "text", "validity")
        empty_text = _("没有符合条件的条款。")

    def render_regulation(self, record: Article) -> str:
        return format_html('<a href="{}">{}</a><div class="small text-muted">{}</div>',
                           reverse("taxonomy:regulation-detail", args=[record.regulation.code]),
                           record.regulation.short_title, record.regulation.version)

    def render_text(self, record: Article) -> str:
        mark = format_html(' <span class="badge text-bg-light border">{}</span>', _("条文摘要")) \
            if record.is_summary else ""
        return format_html("{}{}<div class=\"small text-muted\">{}</div>", record.text, mark, record.chapter)

    def render_validity(self, record: Article) -> str:
        regulation = record.regulation
        end = f"{regulation.effective_to:%Y-%m-%d} 止" if regulation.effective_to else "现行有效"
        return format_html("{} 起<br>{}", f"{regulation.effective_from:%Y-%m-%d}", end)


class WordingTable(Table):
    code = tables.Column(verbose_name=_("编号"), orderable=True, attrs={"td": {"class": "font-monospace"}})
    title = tables.Column(verbose_name=_("问题类型"), orderable=True)
    text = tables.Column(verbose_name=_("定性用语"), orderable=False)
    area_code = tables.Column(verbose_name=_("适用条目"), orderable=True)

    empty_icon = "chat-quote"

    class Meta(Table.Meta):
        model = Wording
        fields = ("code", "title", "text", "area_code")
        empty_text = _("没有符合条件的定性用语。")

    def render_title(self, record: Wording, value: Any) -> str:
        return format_html("{}<div class=\"small text-muted\">{}</div>", value, record.get_discipline_display())
