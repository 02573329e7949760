"""What a stationed team records (spec §4): the talk plan and talk records, document requests, the records of the
other work methods and the team's daily log.

Everything here is team-confidential: the inspection's scope (``ScopedVia("inspection")``) is narrowed by
``grant_filter`` to the team of the inspection and the office director of the committee that sent it. A talk
record is narrower still (its two interviewers, the team's leader and deputies, the office director); a document
request is also seen by the liaison of the organisation it is addressed to. Free text is encrypted at rest.
"""

from __future__ import annotations

from typing import Any, TypeVar

from django.db import models
from django.utils.translation import gettext_lazy as _

from xuncha.accounts.roles import Role
from xuncha.accounts.scope import scope_of
from xuncha.core.crypto import EncryptedTextField
from xuncha.core.scoping import ScopedQuerySet, ScopedVia
from xuncha.inspections.models import Inspection
from xuncha.orgs.models import Organization, Person


class WorkMethod(models.TextChoices):
    """The work methods of a team (spec §4.1; 2017 条例). Every evidence record carries one."""

    BRIEFING = "briefing", _("听取工作汇报和专题汇报")
    TALK = "talk", _("个别谈话")
    PETITION = "petition", _("受理来信来电来访")
    PERSONAL_MATTERS = "personal_matters", _("抽查核实领导干部报告个人有关事项")
    INQUIRY = "inquiry", _("向知情人询问")
    DOCUMENTS = "documents", _("调阅、复制文件资料")
    FORUM = "forum", _("召开座谈会")
    ATTEND_MEETING = "attend_meeting", _("列席有关会议")
    SURVEY = "survey", _("民主测评、问卷调查")
    FIELD_VISIT = "field_visit", _("走访")
    DOWNWARD_INQUIRY = "downward_inquiry", _("下沉了解")
    SPECIAL_CHECK = "special_check", _("专项检查")
    ASSISTANCE = "assistance", _("提请有关单位协助")
    TEAM_MEETING = "team_meeting", _("组务会（临时党支部会）")
    OTHER = "other", _("其他方式")


# The methods recorded as a work record (talks, petitions, documents and surveys have records of their own).
RECORD_METHODS = [WorkMethod.BRIEFING, WorkMethod.FORUM, WorkMethod.ATTEND_MEETING, WorkMethod.FIELD_VISIT,
                  WorkMethod.DOWNWARD_INQUIRY, WorkMethod.SPECIAL_CHECK, WorkMethod.PERSONAL_MATTERS,
                  WorkMethod.INQUIRY, WorkMethod.ASSISTANCE, WorkMethod.TEAM_MEETING, WorkMethod.OTHER]
VISIT_METHODS = [WorkMethod.FIELD_VISIT, WorkMethod.DOWNWARD_INQUIRY]


def _team_or_director(user: Any, prefix: str = "inspection__") -> models.Q:
    """The inspection's team (any team role) and the office director of the committee that sent it."""
    scope = scope_of(user)
    q = models.Q(pk__in=[])
    if team_ids := scope.all_team_ids():
        q |= models.Q(**{f"{prefix}team_id__in": team_ids})
    if paths := scope.jurisdiction_paths.get(Role.OFFICE_DIRECTOR, ()):
        q |= models.Q(**{f"{prefix}jurisdiction__path__in": paths})
    return q


_M = TypeVar("_M", bound=models.Model)


class TeamConfidentialQuerySet(ScopedQuerySet[_M]):
    """Records of the team's own work: the team and the office director of the dispatching committee."""

    def grant_filter(self, user: Any) -> models.Q | None:
        return _team_or_director(user)


# ---- Talks -----------------------------------------------------------------------------------------------------


class TalkCategory(models.TextChoices):
    """Who is interviewed (谈话范围, spec §4.2), in the order the plan lists them."""

    LEADERSHIP = "leadership", _("班子成员")
    MIDDLE = "middle", _("中层干部")
    STAFF = "staff", _("一般干部职工")
    RETIRED = "retired", _("退休老干部、已调离干部")
    DEPUTIES = "deputies", _("党代表、人大代表、政协委员")
    SERVICE_USERS = "service_users", _("服务对象、群众")
    SUBORDINATE = "subordinate", _("下级党组织书记")


class TalkType(models.TextChoices):
    REQUIRED = "required", _("必谈")
    APPOINTED = "appointed", _("约谈")
    VOLUNTARY = "voluntary", _("自愿")
    REPEAT = "repeat", _("再次约谈")


class TalkStatus(models.TextChoices):
    PLANNED = "planned", _("已安排")
    DONE = "done", _("已谈")
    DECLINED = "declined", _("未谈（谢绝/不宜）")
    RESCHEDULED = "rescheduled", _("已改期")
    CANCELLED = "cancelled", _("已取消")


class Talk(models.Model):
    """One talk of the plan (谈话安排): who, in which category, when and with which two interviewers."""

    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="talks")
    code = models.CharField(_("谈话编号"), max_length=40, unique=True)
    sequence = models.PositiveIntegerField(_("序号"))
    organization = models.ForeignKey(Organization, verbose_name=_("单位"), on_delete=models.PROTECT,
                                     related_name="+")
    person = models.ForeignKey(Person, verbose_name=_("谈话对象"), null=True, blank=True, on_delete=models.PROTECT,
                               related_name="+", help_text=_("不在干部名录中的对象（群众、服务对象）只填姓名。"))
    name = models.CharField(_("姓名"), max_length=30)
    post = models.CharField(_("单位及职务"), max_length=120, blank=True)
    category = models.CharField(_("类别"), max_length=16, choices=TalkCategory.choices)
    talk_type = models.CharField(_("谈话方式"), max_length=12, choices=TalkType.choices, default=TalkType.REQUIRED)
    scheduled_at = models.DateTimeField(_("安排时间"), null=True, blank=True)
    place = models.CharField(_("地点"), max_length=80, blank=True)
    interviewer = models.ForeignKey(Person, verbose_name=_("主谈人"), null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="+")
    recorder = models.ForeignKey(Person, verbose_name=_("记录人"), null=True, blank=True, on_delete=models.PROTECT,
                                 related_name="+")
    status = models.CharField(_("进展"), max_length=12, choices=TalkStatus.choices, default=TalkStatus.PLANNED,
                              editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = TeamConfidentialQuerySet["Talk"].as_manager()
    scope = ScopedVia("inspection")

    class Meta:
        verbose_name = _("个别谈话")
        verbose_name_plural = _("个别谈话")
        ordering = ["inspection", "sequence"]
        constraints = [models.UniqueConstraint(fields=["inspection", "sequence"], name="talk_unique_sequence")]
        indexes = [models.Index(fields=["inspection", "status"]), models.Index(fields=["inspection", "category"])]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    def interviewer_ids(self) -> set[int]:
        return {pk for pk in (self.interviewer_id, self.recorder_id) if pk}


class TalkRecordQuerySet(ScopedQuerySet["TalkRecord"]):
    def grant_filter(self, user: Any) -> models.Q | None:
        """Only the talk's two interviewers, the leader and deputies of the team and the office director of the
        dispatching committee read a record; a team member who was not at the talk does not."""
        scope = scope_of(user)
        q = models.Q(pk__in=[])
        person_id = getattr(user, "person_id", None)
        if person_id:
            q |= models.Q(talk__interviewer_id=person_id) | models.Q(talk__recorder_id=person_id)
        leading = scope.team_ids.get(Role.TEAM_LEADER, frozenset()) | scope.team_ids.get(Role.TEAM_DEPUTY,
                                                                                            frozenset())
        if leading:
            q |= models.Q(talk__inspection__team_id__in=leading)
        if paths := scope.jurisdiction_paths.get(Role.OFFICE_DIRECTOR, ()):
            q |= models.Q(talk__inspection__jurisdiction__path__in=paths)
        return q


class RecordStatus(models.TextChoices):
    DRAFT = "draft", _("待审签")
    SIGNED = "signed", _("组长已审签")


class TalkRecord(models.Model):
    """The record of a talk (谈话笔录); every text is encrypted at rest, every read audited."""

    talk = models.OneToOneField(Talk, on_delete=models.CASCADE, related_name="record")
    started_at = models.DateTimeField(_("开始时间"))
    ended_at = models.DateTimeField(_("结束时间"), null=True, blank=True)
    place = models.CharField(_("地点"), max_length=80)
    questions_answers = EncryptedTextField(_("谈话内容（问答）"))
    issues_raised = EncryptedTextField(_("反映的问题"), blank=True)
    follow_ups = EncryptedTextField(_("需核实跟进事项"), blank=True)
    status = models.CharField(_("审签"), max_length=8, choices=RecordStatus.choices, default=RecordStatus.DRAFT,
                              editable=False)
    written_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")
    signed_by = models.ForeignKey("accounts.User", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    signed_at = models.DateTimeField(_("审签时间"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = TalkRecordQuerySet.as_manager()
    scope = ScopedVia("talk")

    class Meta:
        verbose_name = _("谈话笔录")
        verbose_name_plural = _("谈话笔录")

    def __str__(self) -> str:
        # Never the content: this string goes into the audit log.
        return f"谈话笔录 {self.talk.code}"


class TalkAttachment(models.Model):
    """Written material handed over at a talk (checked by content and size, stored privately)."""

    record = models.ForeignKey(TalkRecord, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(upload_to="fieldwork/talks/%Y/%m/")
    filename = models.CharField(_("文件名"), max_length=120)
    content_type = models.CharField(max_length=80)
    size = models.PositiveIntegerField()
    uploaded_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedQuerySet["TalkAttachment"].as_manager()
    scope = ScopedVia("record")

    class Meta:
        verbose_name = _("谈话附件")
        verbose_name_plural = _("谈话附件")
        ordering = ["record", "id"]

    def __str__(self) -> str:
        return f"谈话附件 {self.pk}"


# ---- Document requests -----------------------------------------------------------------------------------------


class DocumentStatus(models.TextChoices):
    REQUESTED = "requested", _("已提出")
    DELIVERED = "delivered", _("单位已提供")
    RECEIVED = "received", _("已接收")
    REVIEWED = "reviewed", _("已审阅")
    RETURNED = "returned", _("已退还")


class DocumentRequestQuerySet(ScopedQuerySet["DocumentRequest"]):
    def grant_filter(self, user: Any) -> models.Q | None:
        """The team and the office director; the liaison of the organisation the request is addressed to (and
        only those requests)."""
        q = _team_or_director(user)
        if org_ids := scope_of(user).organization_ids:
            q |= models.Q(organization_id__in=org_ids)
        return q


class DocumentRequest(models.Model):
    """A request for documents (调阅资料, spec §4.4) addressed to an inspected organisation."""

    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="document_requests")
    organization = models.ForeignKey(Organization, verbose_name=_("提供单位"), on_delete=models.PROTECT,
                                     related_name="+")
    code = models.CharField(_("调阅编号"), max_length=40, unique=True)
    sequence = models.PositiveIntegerField(_("序号"))
    title = models.CharField(_("调阅资料"), max_length=200)
    period = models.CharField(_("所属期间"), max_length=60, blank=True)
    copies = models.PositiveSmallIntegerField(_("份数"), default=1)
    medium = models.CharField(_("形式"), max_length=12, choices=[("paper", _("纸质")), ("electronic", _("电子"))],
                              default="paper")
    originals = models.BooleanField(_("调阅原件"), default=False)
    deadline = models.DateField(_("提供期限"))
    requested_on = models.DateField(_("提出日期"))
    requested_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")
    delivered_on = models.DateField(_("提供日期"), null=True, blank=True)
    delivery_note = models.CharField(_("提供说明"), max_length=300, blank=True)
    received_on = models.DateField(_("接收日期"), null=True, blank=True)
    reviewed_on = models.DateField(_("审阅日期"), null=True, blank=True)
    returned_on = models.DateField(_("退还日期"), null=True, blank=True)
    notes = EncryptedTextField(_("审阅记录"), blank=True)
    status = models.CharField(_("状态"), max_length=12, choices=DocumentStatus.choices,
                              default=DocumentStatus.REQUESTED, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = DocumentRequestQuerySet.as_manager()
    scope = ScopedVia("inspection")

    class Meta:
        verbose_name = _("调阅资料")
        verbose_name_plural = _("调阅资料")
        ordering = ["inspection", "sequence"]
        constraints = [models.UniqueConstraint(fields=["inspection", "sequence"], name="docreq_unique_sequence")]
        indexes = [models.Index(fields=["inspection", "status"]), models.Index(fields=["organization", "status"])]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"


class DocumentFile(models.Model):
    """A file the organisation uploaded (or the team scanned) for a request."""

    request = models.ForeignKey(DocumentRequest, on_delete=models.CASCADE, related_name="files")
    file = models.FileField(upload_to="fieldwork/documents/%Y/%m/")
    filename = models.CharField(_("文件名"), max_length=120)
    content_type = models.CharField(max_length=80)
    size = models.PositiveIntegerField()
    uploaded_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedQuerySet["DocumentFile"].as_manager()
    scope = ScopedVia("request")

    class Meta:
        verbose_name = _("调阅文件")
        verbose_name_plural = _("调阅文件")
        ordering = ["request", "id"]

    def __str__(self) -> str:
        return f"调阅文件 {self.pk}"


# ---- The other work methods and the log ------------------------------------------------------------------------


class WorkRecord(models.Model):
    """A record of one of the other work methods (听取汇报, 座谈会, 列席会议, 走访, 下沉, 专项检查, 个人有关事项抽查,
    组务会 …): where, with whom, what was learned. ``reference`` is stable, so a finding can cite it as evidence."""

    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="work_records")
    reference = models.CharField(_("记录编号"), max_length=40, unique=True)
    sequence = models.PositiveIntegerField(_("序号"))
    method = models.CharField(_("工作方式"), max_length=20, choices=WorkMethod.choices)
    title = models.CharField(_("事项"), max_length=120)
    held_on = models.DateField(_("日期"))
    place = models.CharField(_("地点"), max_length=80, blank=True)
    organization = models.ForeignKey(Organization, verbose_name=_("涉及单位"), null=True, blank=True,
                                     on_delete=models.PROTECT, related_name="+")
    team_participants = models.CharField(_("巡察组参加人员"), max_length=200, blank=True)
    people_met = EncryptedTextField(_("接触人员"), blank=True)
    content = EncryptedTextField(_("了解到的情况"))
    follow_ups = EncryptedTextField(_("需跟进事项"), blank=True)
    recorded_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = TeamConfidentialQuerySet["WorkRecord"].as_manager()
    scope = ScopedVia("inspection")

    class Meta:
        verbose_name = _("工作记录")
        verbose_name_plural = _("工作记录")
        ordering = ["inspection", "-held_on", "-sequence"]
        constraints = [models.UniqueConstraint(fields=["inspection", "sequence"], name="workrecord_unique_sequence")]
        indexes = [models.Index(fields=["inspection", "method"]), models.Index(fields=["inspection", "held_on"])]

    def __str__(self) -> str:
        return f"{self.reference} {self.title}"


class WorkLogEntry(models.Model):
    """One day of the team's work log (巡察日志)."""

    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="work_log")
    day = models.DateField(_("日期"))
    work_done = EncryptedTextField(_("当日工作"))
    items_to_note = EncryptedTextField(_("需关注事项"), blank=True)
    next_steps = EncryptedTextField(_("下一步安排"), blank=True)
    written_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = TeamConfidentialQuerySet["WorkLogEntry"].as_manager()
    scope = ScopedVia("inspection")

    class Meta:
        verbose_name = _("巡察日志")
        verbose_name_plural = _("巡察日志")
        ordering = ["inspection", "-day"]
        constraints = [models.UniqueConstraint(fields=["inspection", "day"], name="worklog_unique_day")]

    def __str__(self) -> str:
        return f"巡察日志 {self.day:%Y-%m-%d}"
