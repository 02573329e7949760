"""Pages of the inspector pool (巡察干部人才库): list with filters, a cadre's entry, adding and editing entries,
and the Excel export and import run as background jobs with their progress shown in place."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from xuncha.accounts.pages import render_page, require_any_capability, signed_in, wants_partial
from xuncha.accounts.roles import Cap
from xuncha.audit.services import audit_record
from xuncha.core.exceptions import DomainError
from xuncha.core.forms import submit
from xuncha.core.lists import hide_filters, show_table
from xuncha.core.models import BackgroundJob
from xuncha.core.scoping import is_visible
from xuncha.core.spreadsheets import SheetWriter
from xuncha.orgs.models import Person
from xuncha.pool import selectors
from xuncha.pool.filters import PoolFilter
from xuncha.pool.forms import XLSX_TYPE, ImportForm, ProfileForm
from xuncha.pool.models import Availability, InspectorProfile
from xuncha.pool.services import (
    IMPORT_COLUMNS,
    MAX_IMPORT_ROWS,
    pool_export_start,
    pool_import_start,
    profile_save,
)
from xuncha.pool.tables import ProfileTable
from xuncha.rules.models import Skill

POOL_PAGE_CAPS = frozenset({Cap.VIEW_POOL})

# What each import column means (shown next to the upload form).
COLUMN_HELP: list[tuple[str, Any, bool]] = [
    ("姓名", gettext_lazy("干部姓名，与“单位”一起确定是哪一名干部"), True),
    ("性别", gettext_lazy("男 / 女；干部信息库中没有此人时必填"), False),
    ("出生年份", gettext_lazy("四位数字；干部信息库中没有此人时必填"), False),
    ("单位", gettext_lazy("现工作单位的简称或全称，须在本级党委的党组织名录中"), True),
    ("职务", gettext_lazy("现任职务"), True),
    ("职级", gettext_lazy("如 正处级、副处级、正科级；干部信息库中没有此人时必填"), False),
    ("专长", gettext_lazy("用顿号分隔，如 财务会计、审计"), False),
    ("状态", gettext_lazy("可抽调 / 在组 / 暂不可抽调，留空为可抽调"), False),
    ("可任组长", gettext_lazy("是 / 否，留空为否"), False),
    ("入库日期", gettext_lazy("YYYY-MM-DD，留空为今天"), False),
    ("备注", gettext_lazy("不超过 200 字"), False),
]


def _require_manage(request: HttpRequest) -> None:
    """The pool is visible; maintaining it is for the office and the organisation department (403)."""
    if not selectors.can_manage_pool(signed_in(request)):
        raise PermissionDenied(_("只有巡察办和组织部可以维护巡察干部人才库。"))


def _crumbs(*extra: tuple[str, str | None]) -> list[tuple[str, str | None]]:
    return [(_("巡察干部人才库"), reverse("pool:profile-list") if extra else None), *extra]


# ---- List, export ----------------------------------------------------------------------------------------------


@login_required
@require_GET
def profile_list(request: HttpRequest) -> HttpResponse:
    require_any_capability(request, POOL_PAGE_CAPS)
    filterset = PoolFilter(request.GET, queryset=selectors.profile_list(actor=signed_in(request), filters={}),
                           request=request)
    filters = filterset.as_kwargs()
    qs = filterset.qs
    show_jurisdiction = len(filterset.form.fields["jurisdiction"].queryset) > 1
    if not show_jurisdiction:
        hide_filters(filterset, "jurisdiction")
    can_manage = selectors.can_manage_pool(signed_in(request))
    table = show_table(request, ProfileTable(qs, show_jurisdiction=show_jurisdiction, can_manage=can_manage))
    if filters:
        table.empty_text = _("没有符合条件的巡察干部。")
    else:
        table.empty_text = _("人才库中还没有巡察干部。")
    # The pool lists cadres (personal data): one audit event per page shown, with the filter and the count.
    audit_record("pool.list", actor=signed_in(request), object_type="orgs.person", details={
        "filters": {k: str(v)[:60] for k, v in filters.items()}, "count": table.paginator.count,
        "page": table.page.number})
    context = {
        "filter": filterset,
        "table": table,
        "summary": selectors.pool_summary(qs),
        "filtered": bool(filters),
        # The filters as given, for the export form (without JS it posts them from hidden fields).
        "filter_params": [(k, v) for k, v in request.GET.items() if k in PoolFilter.base_filters and v],
        "can_manage": can_manage,
        "job": selectors.pool_job(actor=signed_in(request), pk=request.GET.get("job")),
        "crumbs": _crumbs(),
    }
    return render_page(request, "pool/profile_list.html", context, partial="pool-results")


@login_required
@require_POST
def profile_export(request: HttpRequest) -> HttpResponse:
    """Start the export of the pool as filtered on the page; the progress replaces the button's area."""
    require_any_capability(request, POOL_PAGE_CAPS)
    _require_manage(request)
    filters = PoolFilter(request.POST, queryset=InspectorProfile.objects.none(), request=request).as_kwargs()
    job = pool_export_start(actor=signed_in(request), filters=filters)
    if wants_partial(request):
        return render(request, "components/job_status.html", {"job": job})
    query = {k: ("1" if v is True else "0" if v is False else v) for k, v in filters.items()}
    if "jurisdiction_id" in query:
        query["jurisdiction"] = query.pop("jurisdiction_id")
    return redirect(f"{reverse('pool:profile-list')}?{urlencode({**query, 'job': job.pk})}")


# ---- One entry -------------------------------------------------------------------------------------------------


@login_required
@require_GET
def profile_detail(request: HttpRequest, pk: int) -> HttpResponse:
    caps = require_any_capability(request, POOL_PAGE_CAPS)
    profile = selectors.profile_get(actor=signed_in(request), pk=pk)
    person = profile.person
    # Work history and relatives are personal data: the read is in the audit log (SEC-31).
    audit_record("person.read", actor=signed_in(request), obj=person, details={"via": "pool"})
    context = {
        "profile": profile,
        "person": person,
        "memberships": selectors.person_memberships(actor=signed_in(request), person=person),
        "can_edit": selectors.can_manage_pool(signed_in(request), profile.jurisdiction),
        "can_open_person": Cap.VIEW_PEOPLE in caps
        and is_visible(Person, request.user, person.pk),
        "can_open_teams": Cap.VIEW_PLANNING in caps,
        "crumbs": _crumbs((person.name, None)),
    }
    return render(request, "pool/profile_detail.html", context)


def _form_context(request: HttpRequest, form: ProfileForm, **extra: Any) -> dict[str, Any]:
    return {"form": form, "skill_choices": Skill.choices, **extra}


@login_required
@require_http_methods(["GET", "POST"])
def profile_create(request: HttpRequest) -> HttpResponse:
    """Add a cadre to the pool: find them among the visible cadres not yet in a pool, then set the entry."""
    require_any_capability(request, POOL_PAGE_CAPS)
    _require_manage(request)
    jurisdictions = selectors.manageable_jurisdictions(actor=signed_in(request))
    people = Person.objects.filter(pk__in=Person.objects.visible_to(request.user).values("pk"))
    q = (request.POST.get("q") if request.method == "POST" else request.GET.get("q")) or ""
    candidates = selectors.person_candidates(actor=signed_in(request), q=q)
    if request.method == "POST":
        form = ProfileForm(request.POST, people=people, jurisdictions=jurisdictions)
        done = submit(form, lambda data: _add(request, form, data["person"]))
        if done.ok:
            messages.success(request, _("已将%(name)s加入巡察干部人才库。") % {"name": done.value.person.name})
            return redirect("pool:profile-detail", done.value.pk)
        chosen = form.cleaned_data.get("person") if hasattr(form, "cleaned_data") else None
        if chosen is not None and chosen not in candidates:
            candidates = [chosen, *candidates]
        status = done.status
    else:
        form = ProfileForm(people=people, jurisdictions=jurisdictions,
                           initial={"jurisdiction": jurisdictions.first(), "availability": Availability.AVAILABLE})
        status = 200
    context = _form_context(request, form, candidates=candidates, q=q, creating=True,
                            crumbs=_crumbs((_("加入人才库"), None)))
    return render_page(request, "pool/profile_form.html", context, partial="person-results", status=status)


@login_required
@require_http_methods(["GET", "POST"])
def profile_edit(request: HttpRequest, pk: int) -> HttpResponse:
    require_any_capability(request, POOL_PAGE_CAPS)
    profile = selectors.profile_get(actor=signed_in(request), pk=pk)
    if not selectors.can_manage_pool(signed_in(request), profile.jurisdiction):
        raise PermissionDenied(_("只有巡察办和组织部可以维护巡察干部人才库。"))
    jurisdictions = selectors.manageable_jurisdictions(actor=signed_in(request))
    status = 200
    if request.method == "POST":
        form = ProfileForm(request.POST, people=None, jurisdictions=jurisdictions)
        done = submit(form, lambda data: _save(request, form, profile.person))
        if done.ok:
            messages.success(request, _("已保存%(name)s的人才库信息。") % {"name": profile.person.name})
            return redirect("pool:profile-detail", profile.pk)
        status = done.status
    else:
        form = ProfileForm(people=None, jurisdictions=jurisdictions, initial={
            "jurisdiction": profile.jurisdiction, "skills": profile.skill_codes, "availability": profile.availability,
            "unavailable_until": profile.unavailable_until, "can_lead": profile.can_lead,
            "joined_on": profile.joined_on, "note": profile.note,
        })
    # The edit page shows the cadre's entry: a read of personal data like the detail page.
    audit_record("person.read", actor=request.user, obj=profile.person, details={"via": "pool_edit"})
    context = _form_context(request, form, profile=profile, creating=False,
                            crumbs=_crumbs((profile.person.name, reverse("pool:profile-detail", args=[profile.pk])),
                                           (_("编辑"), None)))
    return render(request, "pool/profile_form.html", context, status=status)


def _add(request: HttpRequest, form: ProfileForm, person: Person) -> InspectorProfile:
    if InspectorProfile.objects.filter(person=person).exists():
        message = _("%(name)s已在巡察干部人才库中。") % {"name": person.name}
        raise DomainError(message, fields={"person": [message]})
    return _save(request, form, person)


def _save(request: HttpRequest, form: ProfileForm, person: Person) -> InspectorProfile:
    data = form.cleaned_data
    return profile_save(
        actor=signed_in(request), person=person, jurisdiction=data["jurisdiction"], skills=list(data["skills"]),
        availability=data["availability"], can_lead=data["can_lead"], note=data["note"].strip(),
        unavailable_until=data["unavailable_until"], joined_on=data["joined_on"],
    )


# ---- Import ----------------------------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def profile_import(request: HttpRequest) -> HttpResponse:
    """Upload an Excel file; the import runs as a job (all rows or none) and its errors are listed by row."""
    require_any_capability(request, POOL_PAGE_CAPS)
    _require_manage(request)
    jurisdictions = selectors.manageable_jurisdictions(actor=signed_in(request))
    job: BackgroundJob | None = selectors.pool_job(actor=signed_in(request), pk=request.GET.get("job"))
    status = 200
    if request.method == "POST":
        form = ImportForm(request.POST, request.FILES, jurisdictions=jurisdictions)
        done = submit(form, lambda data: pool_import_start(
            actor=signed_in(request), jurisdiction=data["jurisdiction"], name=data["file"].name,
            data=data["file"].read()))
        if done.ok:
            job = done.value
            if not wants_partial(request):
                return redirect(f"{reverse('pool:profile-import')}?job={job.pk}")
            chosen = form.cleaned_data["jurisdiction"]
            form = ImportForm(jurisdictions=jurisdictions, initial={"jurisdiction": chosen})
        else:
            status = done.status
    else:
        form = ImportForm(jurisdictions=jurisdictions, initial={"jurisdiction": jurisdictions.first()})
    context = {
        "form": form,
        "job": job,
        "columns": COLUMN_HELP,
        "max_rows": MAX_IMPORT_ROWS,
        "skills": [str(label) for _value, label in Skill.choices],
        "crumbs": _crumbs((_("批量导入"), None)),
    }
    return render_page(request, "pool/profile_import.html", context, partial="import-panel", status=status)


@login_required
@require_GET
def import_template(request: HttpRequest) -> HttpResponse:
    """An empty workbook with the import columns and one example row."""
    require_any_capability(request, POOL_PAGE_CAPS)
    _require_manage(request)
    sheet = SheetWriter("巡察干部人才库", header=IMPORT_COLUMNS,
                        widths=(10, 6, 10, 22, 22, 10, 24, 12, 10, 12, 24))
    sheet.append(["张三", "男", 1980, "市审计局", "经济责任审计科科长", "正科级", "审计、财务会计", "可抽调", "否",
                  "", "示例行，导入前请删除"])
    response = HttpResponse(sheet.to_bytes(), content_type=XLSX_TYPE)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote('巡察干部导入模板.xlsx')}"
    return response
