"""Pages of the dictionaries (监督重点框架、定性依据库、定性用语库): reference for every business role, read-only
but for a committee's own additions, which its office makes on the framework page."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import models
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from xuncha.accounts.pages import render_page, signed_in
from xuncha.accounts.roles import Cap, Role
from xuncha.accounts.scope import scope_of
from xuncha.core.exceptions import CapabilityMissing, DomainError
from xuncha.core.lists import show_table
from xuncha.taxonomy import selectors, services
from xuncha.taxonomy.filters import ArticleFilter, WordingFilter
from xuncha.taxonomy.models import Article, Framework, FrameworkNode, Regulation, Wording
from xuncha.taxonomy.tables import ArticleTable, WordingTable


def _reader(request: HttpRequest) -> Any:
    """Every business role reads the dictionaries; the security auditor (whose only business is the audit log) and
    a user without a role find no such page (ADR-0004)."""
    user = signed_in(request)
    if not scope_of(user).roles - {Role.SECURITY_AUDITOR}:
        raise Http404("页面不存在或无权查看。")
    return user


def _jurisdiction_model() -> type[models.Model]:
    return cast("type[models.Model]", FrameworkNode._meta.get_field("jurisdiction").related_model)


def _crumbs(*trail: tuple[str, str | None]) -> list[tuple[str, str | None]]:
    return [(_("监督重点与定性依据"), reverse("taxonomy:library")), *trail]


@login_required
@require_http_methods(["GET"])
def library(request: HttpRequest) -> HttpResponse:
    user = _reader(request)
    frameworks = list(selectors.framework_list(actor=user))
    regulations = list(selectors.regulation_list(actor=user))
    return render_page(request, "taxonomy/library.html", {
        "frameworks": frameworks, "regulations": regulations,
        "wording_count": Wording.objects.visible_to(user).count(),
        "crumbs": [(_("监督重点与定性依据"), None)]})


Choices = list[tuple[Any, str]]


class _LocalForm(forms.Form):
    jurisdiction = forms.TypedChoiceField(label="增补党委", coerce=int,
                                          widget=forms.Select(attrs={"class": "form-select"}))
    kind = forms.CharField(widget=forms.HiddenInput())
    node = forms.ChoiceField(label="所属条目", widget=forms.Select(attrs={"class": "form-select"}))
    text = forms.CharField(label="名称", max_length=200, widget=forms.TextInput(attrs={"class": "form-control"}))

    def __init__(self, *args: Any, jurisdictions: Choices, nodes: Choices, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast("forms.ChoiceField", self.fields["jurisdiction"]).choices = jurisdictions
        cast("forms.ChoiceField", self.fields["node"]).choices = nodes


class LocalItemForm(_LocalForm):
    """An item (监督重点) under an area of the common framework."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["node"].label = "所属领域（一级）"
        self.fields["text"].label = "条目名称"
        self.fields["kind"].initial = "item"


class LocalProblemForm(_LocalForm):
    """A typical problem (典型问题) under an item."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["text"].label = "典型问题"
        self.fields["kind"].initial = "problem"


def _planning_jurisdictions(user: Any) -> list[Any]:
    """The committees whose office ``user`` works in (where a local addition may be made)."""
    paths = scope_of(user).business_paths(Cap.MANAGE_PLANNING)
    if not paths:
        return []
    q = models.Q(pk__in=[])
    for path in paths:
        q |= models.Q(path__startswith=path)
    manager: Any = _jurisdiction_model()._default_manager
    return list(manager.visible_to(user).filter(q).order_by("path"))


def _framework_context(request: HttpRequest, user: Any, framework: Framework, *, bound: _LocalForm | None = None
                       ) -> dict[str, Any]:
    manager: Any = _jurisdiction_model()._default_manager
    visible = list(manager.visible_to(user).order_by("path"))
    chosen = None
    wanted = request.GET.get("jurisdiction") or request.POST.get("jurisdiction")
    if wanted and str(wanted).isdigit():
        chosen = next((j for j in visible if j.pk == int(wanted)), None)
    nodes = selectors.framework_nodes(framework=framework, jurisdiction_path=chosen.path if chosen else None)
    tree = selectors.node_tree(nodes)
    context: dict[str, Any] = {"framework": framework, "tree": tree, "jurisdictions": visible, "chosen": chosen,
                               "crumbs": _crumbs((str(framework), None))}
    planning = _planning_jurisdictions(user)
    if planning:
        jurisdictions: Choices = [(j.pk, j.name) for j in planning]
        initial = {"jurisdiction": chosen.pk if chosen and chosen in planning else planning[0].pk}
        areas: Choices = [(n.code, f"{n.code} {n.name}") for n, depth in tree if depth == 0]
        items: Choices = [(n.code, f"{n.code} {n.name}") for n, _depth in tree]
        context["item_form"] = LocalItemForm(initial=initial, jurisdictions=jurisdictions, nodes=areas)
        context["problem_form"] = LocalProblemForm(initial=initial, jurisdictions=jurisdictions, nodes=items)
        if isinstance(bound, LocalProblemForm):
            context["problem_form"] = bound
        elif bound is not None:
            context["item_form"] = bound
    return context


def _framework(user: Any, code: str) -> Framework:
    framework = Framework.objects.visible_to(user).filter(code=code).first()
    if framework is None:
        raise Http404("分类体系版本不存在。")
    return framework


@login_required
@require_http_methods(["GET"])
def framework_detail(request: HttpRequest, code: str) -> HttpResponse:
    user = _reader(request)
    framework = _framework(user, code)
    return render_page(request, "taxonomy/framework_detail.html", _framework_context(request, user, framework))


@login_required
@require_http_methods(["POST"])
def framework_local_add(request: HttpRequest, code: str) -> HttpResponse:
    """A committee's office adds an item under an area, or a typical problem under an item, for its own tree."""
    user = _reader(request)
    framework = _framework(user, code)
    if not _planning_jurisdictions(user):
        raise PermissionDenied(_("只有巡察机构可以增补本地区的监督重点。"))
    context = _framework_context(request, user, framework)
    adding_problem = request.POST.get("kind") == "problem"
    blank = context["problem_form" if adding_problem else "item_form"]
    form_class = LocalProblemForm if adding_problem else LocalItemForm
    form = form_class(request.POST, jurisdictions=list(blank.fields["jurisdiction"].choices),
                      nodes=list(blank.fields["node"].choices))
    status = 400
    if form.is_valid():
        data = form.cleaned_data
        try:
            if adding_problem:
                services.local_problem_add(actor=user, jurisdiction_id=data["jurisdiction"],
                                           framework_code=framework.code, node_code=data["node"], text=data["text"])
            else:
                services.local_item_add(actor=user, jurisdiction_id=data["jurisdiction"],
                                        framework_code=framework.code, parent_code=data["node"], name=data["text"])
        except CapabilityMissing as exc:
            raise PermissionDenied(exc.message) from exc
        except DomainError as exc:
            form.add_error(None, exc.message)
            status = exc.status
        else:
            messages.success(request, _("已增补，仅在该党委及其下级党委的分类体系中显示。"))
            url = reverse("taxonomy:framework-detail", args=[framework.code])
            return redirect(f"{url}?jurisdiction={data['jurisdiction']}")
    return render_page(request, "taxonomy/framework_detail.html",
                       _framework_context(request, user, framework, bound=form), status=status)


@login_required
@require_http_methods(["GET"])
def article_list(request: HttpRequest) -> HttpResponse:
    user = _reader(request)
    articles = Article.objects.visible_to(user).select_related("regulation").order_by(
        "regulation__family", "regulation__effective_from", "sort")
    filterset = ArticleFilter(request.GET, queryset=articles, request=request)
    table = show_table(request, ArticleTable(filterset.qs))
    return render_page(request, "taxonomy/article_list.html", {
        "filter": filterset, "table": table, "crumbs": _crumbs((_("定性依据库"), None))}, partial="article-results")


@login_required
@require_http_methods(["GET"])
def regulation_detail(request: HttpRequest, code: str) -> HttpResponse:
    user = _reader(request)
    regulation = Regulation.objects.visible_to(user).filter(code=code).first()
    if regulation is None:
        raise Http404("法规版本不存在。")
    versions = list(Regulation.objects.visible_to(user).filter(family=regulation.family).order_by("effective_from"))
    return render_page(request, "taxonomy/regulation_detail.html", {
        "regulation": regulation, "articles": list(regulation.articles.order_by("sort", "id")),
        "versions": versions,
        "crumbs": _crumbs((_("定性依据库"), reverse("taxonomy:article-list")), (str(regulation), None))})


@login_required
@require_http_methods(["GET"])
def wording_list(request: HttpRequest) -> HttpResponse:
    user = _reader(request)
    filterset = WordingFilter(request.GET, queryset=Wording.objects.visible_to(user).order_by("order", "code"),
                              request=request)
    table = show_table(request, WordingTable(filterset.qs))
    return render_page(request, "taxonomy/wording_list.html", {
        "filter": filterset, "table": table, "crumbs": _crumbs((_("定性用语库"), None))}, partial="wording-results")
