"""The public petition pages (码上巡察): no sign-in; reached by the page's slug (from the announcement and the QR
poster). They show the channels, take a petition with evidence, show its receipt code once, and let the holder of
a receipt read the status and exchange messages with the team — nothing else.

Every public endpoint is rate-limited per client (hashed, in the cache), refuses oversized bodies before reading
them, and answers bad input with a Chinese message and nothing stored."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from xuncha.core.clock import business_today
from xuncha.core.exceptions import DomainError
from xuncha.inspections.models import StationingAnnouncement
from xuncha.petitions import ratelimit, selectors, services
from xuncha.petitions.forms import PetitionerMessageForm, PublicPetitionForm, ReceiptForm
from xuncha.petitions.models import PetitionPage
from xuncha.petitions.rules import acceptance_window
from xuncha.petitions.uploads import MAX_FILE_BYTES, MAX_FILES, MAX_TOTAL_BYTES

# The whole request: the files and the form around them.
MAX_BODY_BYTES = MAX_TOTAL_BYTES + 1024 * 1024
TEAM_HEADING_SUFFIX = "巡察组"


def _refusal(request: HttpRequest, status: int, message: str) -> HttpResponse:
    return render(request, "petitions/public_refused.html", {"message": message}, status=status)


def _too_big(request: HttpRequest) -> bool:
    try:
        return int(request.META.get("CONTENT_LENGTH") or 0) > MAX_BODY_BYTES
    except ValueError:
        return True


def _page(slug: str) -> PetitionPage:
    page = services.public_page(slug)
    if page is None:
        raise Http404("页面不存在。")
    return page


def read_files(request: HttpRequest) -> list[tuple[str, bytes]]:
    uploads = request.FILES.getlist("evidence")
    if len(uploads) > MAX_FILES:
        raise DomainError(f"最多上传 {MAX_FILES} 个文件。", fields={"evidence": [f"最多上传 {MAX_FILES} 个文件。"]})
    read = []
    for upload in uploads:
        # The size is known before reading: a big file is refused without loading it.
        if upload.size is None or upload.size > MAX_FILE_BYTES:
            message = f"文件“{(upload.name or '')[:40]}”超过 {MAX_FILE_BYTES // (1024 * 1024)} MB。"
            raise DomainError(message, fields={"evidence": [message]})
        read.append((upload.name or "", upload.read()))
    return read


def _context(page: PetitionPage) -> dict[str, object]:
    inspection = page.inspection
    window = acceptance_window(inspection)
    announcement = StationingAnnouncement.objects.filter(inspection=inspection).first()
    targets = [t.organization for t in inspection.targets.select_related("organization")]
    return {"page": page, "inspection": inspection, "announcement": announcement, "window": window,
            "state": window.state(inspection, business_today()), "targets": targets,
            "team_name": inspection.team.name if inspection.team else TEAM_HEADING_SUFFIX}


@never_cache
@require_http_methods(["GET", "POST"])
def petition_page(request: HttpRequest, slug: str) -> HttpResponse:
    """The channels and the petition form; on a valid POST, the receipt code (shown once, kept nowhere)."""
    if request.method == "POST" and _too_big(request):
        return _refusal(request, 413, f"提交的内容过大（文件合计不能超过 {MAX_TOTAL_BYTES // (1024 * 1024)} MB）。")
    page = _page(slug)
    context = _context(page)
    if request.method == "GET":
        form = PublicPetitionForm() if context["state"] == "open" else None
        return render(request, "petitions/public_page.html", {**context, "form": form})
    if context["state"] != "open":
        return render(request, "petitions/public_page.html", {**context, "form": None, "closed_error": True},
                      status=400)
    if ratelimit.exceeded(request, "submit", settings.XUNCHA_PETITION_SUBMIT_RATE):
        return _refusal(request, 429, "提交过于频繁，请稍后再试。")
    try:
        form = PublicPetitionForm(request.POST, request.FILES)
        valid = form.is_valid()
    except RequestDataTooBig:
        return _refusal(request, 413, "提交的内容过大。")
    if valid:
        try:
            petition, code = services.public_submit(slug=slug, text=form.text(), files=read_files(request))
        except DomainError as exc:
            form.add_domain_error(exc)
        else:
            return render(request, "petitions/public_receipt.html",
                          {**context, "number": petition.number, "code": code}, status=201)
    return render(request, "petitions/public_page.html", {**context, "form": form}, status=400)


@never_cache
@require_http_methods(["GET", "POST"])
def track(request: HttpRequest) -> HttpResponse:
    """Follow a petition by its receipt code: its status and the messages; a message to the team."""
    if request.method == "POST" and _too_big(request):
        return _refusal(request, 413, "提交的内容过大。")
    if request.method == "GET":
        return render(request, "petitions/public_track.html", {"form": ReceiptForm()})
    # Wrong codes are counted (guessing); a holder of a right code reads and writes without limit but the form's.
    if ratelimit.over(request, "lookup", settings.XUNCHA_PETITION_LOOKUP_RATE):
        return _refusal(request, 429, "查询码输错次数过多，请 10 分钟后再试。")
    sending = "body" in request.POST
    form: ReceiptForm = PetitionerMessageForm(request.POST) if sending else ReceiptForm(request.POST)
    if not form.is_valid():
        ratelimit.exceeded(request, "lookup", settings.XUNCHA_PETITION_LOOKUP_RATE)
        return render(request, "petitions/public_track.html", {"form": form}, status=400)
    code = form.cleaned_data["code"]
    petition = services.petition_by_receipt(code)
    if petition is None:
        ratelimit.exceeded(request, "lookup", settings.XUNCHA_PETITION_LOOKUP_RATE)
        form.add_error("code", "查询码不正确，请核对后重新输入（注意区分数字 0 和字母）。")
        return render(request, "petitions/public_track.html", {"form": form}, status=400)
    status = 200
    message_form = PetitionerMessageForm(initial={"code": code})
    sent = False
    if sending:
        try:
            services.petitioner_message(code=code, body=form.cleaned_data["body"])
        except DomainError as exc:
            message_form = PetitionerMessageForm(request.POST)
            message_form.is_valid()
            message_form.add_domain_error(exc)
            status = 400
        else:
            sent = True
            petition = services.petition_by_receipt(code) or petition
    return render(request, "petitions/public_track.html",
                  {"form": ReceiptForm(initial={"code": code}), "view": selectors.public_view(petition),
                   "message_form": message_form, "sent": sent}, status=status)
