"""The states, targets, disposals and outcome kinds of a lead (spec §6.2, §6.3, §7.6), apart from the transition table
(``workflow``) whose guards read the models."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class LeadStatus(models.TextChoices):
    DRAFT = "draft", _("草稿")
    ENDORSED = "endorsed", _("组长已审核")
    APPROVED = "approved", _("已批准移交")
    TRANSFERRED = "transferred", _("已移交待签收")
    RECEIVED = "received", _("已签收")
    HANDLING = "handling", _("办理中")
    REPORTED = "reported", _("已反馈结果")
    CLOSED = "closed", _("已销号")


S = LeadStatus
ORDER = list(S.values)
STATUS_COLORS = {S.DRAFT: "secondary", S.ENDORSED: "info", S.APPROVED: "primary", S.TRANSFERRED: "warning",
                 S.RECEIVED: "orange", S.HANDLING: "danger", S.REPORTED: "purple", S.CLOSED: "success"}
# Handed over: the referral package is fixed and the receiving body sees the lead.
HANDED_OVER = frozenset({S.TRANSFERRED, S.RECEIVED, S.HANDLING, S.REPORTED, S.CLOSED})
# The receiving body owes its outcome (the reporting-back deadline runs).
AWAITING_OUTCOME = frozenset({S.TRANSFERRED, S.RECEIVED, S.HANDLING})
# Approved for transfer or beyond (the inspection's rectification waits until these are received).
APPROVED_OR_LATER = frozenset({S.APPROVED, *HANDED_OVER})


class ReferralTarget(models.TextChoices):
    """Where a lead goes (spec §6.2; 条例: by 干部管理权限)."""

    DISCIPLINE = "discipline", _("纪委监委")
    ORGANIZATION = "organization", _("组织部")
    OTHER = "other", _("其他有关部门")


# The role that receives a lead of each target in the jurisdiction referred to; another body is outside the system
# and the office records its receipt and outcome on its behalf.
TARGET_ROLE = {ReferralTarget.DISCIPLINE: "discipline_commission", ReferralTarget.ORGANIZATION: "org_department"}


class LeadSource(models.TextChoices):
    """How the team came to the lead (spec §6.4)."""

    TALK = "talk", _("个别谈话")
    PETITION = "petition", _("信访举报")
    DOCUMENTS = "documents", _("调阅资料")
    VISIT = "visit", _("走访")
    SURVEY = "survey", _("民主测评")
    CHECK = "check", _("专项检查")
    FINDING = "finding", _("巡察发现问题")
    OTHER = "other", _("其他")


class DisciplineType(models.TextChoices):
    """六项纪律 (spec §5.9)."""

    POLITICAL = "political", _("政治纪律")
    ORGANIZATIONAL = "organizational", _("组织纪律")
    INTEGRITY = "integrity", _("廉洁纪律")
    MASSES = "masses", _("群众纪律")
    WORK = "work", _("工作纪律")
    LIFE = "life", _("生活纪律")


class CadreLevel(models.TextChoices):
    """The level of a person concerned (管理权限 decides the receiving body)."""

    BUREAU = "bureau", _("厅局级")
    COUNTY = "county", _("县处级")
    TOWNSHIP = "township", _("乡科级")
    GENERAL = "general", _("一般干部")
    OTHER = "other", _("其他人员")


class Disposal(models.TextChoices):
    """The receiver's way of disposing of a lead (监督执纪工作规则; spec §6.3)."""

    TALK_INQUIRY = "talk_inquiry", _("谈话函询")
    PRELIMINARY_VERIFICATION = "preliminary_verification", _("初步核实")
    SHELVED = "shelved", _("暂存待查")
    CLOSED = "closed", _("予以了结")
    CASE_FILED = "case_filed", _("立案审查调查")


class OutcomeKind(models.TextChoices):
    """One outcome for one person (spec §6.3, §7.6): sanctions by kind, organisational handling, prosecution."""

    CLEARED = "cleared", _("了结澄清")
    TALK_REMINDER = "talk_reminder", _("谈话提醒")
    CRITICISM = "criticism", _("批评教育")
    ORDERED_REVIEW = "ordered_review", _("责令检查")
    ADMONISHMENT = "admonishment", _("诫勉")
    PARTY_WARNING = "party_warning", _("党内警告")
    PARTY_SERIOUS_WARNING = "party_serious_warning", _("党内严重警告")
    PARTY_POST_REMOVAL = "party_post_removal", _("撤销党内职务")
    PARTY_PROBATION = "party_probation", _("留党察看")
    PARTY_EXPULSION = "party_expulsion", _("开除党籍")
    ADMIN_WARNING = "admin_warning", _("政务警告")
    ADMIN_DEMERIT = "admin_demerit", _("政务记过")
    ADMIN_MAJOR_DEMERIT = "admin_major_demerit", _("政务记大过")
    ADMIN_DEMOTION = "admin_demotion", _("政务降级")
    ADMIN_DISMISSAL = "admin_dismissal", _("政务撤职")
    ADMIN_EXPULSION = "admin_expulsion", _("政务开除")
    ORG_SUSPENSION = "org_suspension", _("停职检查")
    ORG_POST_ADJUSTMENT = "org_post_adjustment", _("调整职务")
    ORG_ORDERED_RESIGNATION = "org_ordered_resignation", _("责令辞职")
    ORG_REMOVAL = "org_removal", _("免职")
    ORG_DEMOTION = "org_demotion", _("降职")
    PROSECUTION = "prosecution", _("移送司法机关")


class OutcomeGroup(models.TextChoices):
    NONE = "none", _("了结澄清、提醒教育")
    PARTY = "party", _("党纪处分")
    ADMINISTRATIVE = "administrative", _("政务处分")
    ORGANIZATIONAL = "organizational", _("组织处理")
    PROSECUTION = "prosecution", _("移送司法")


K = OutcomeKind
OUTCOME_GROUP: dict[str, str] = {
    **{k: OutcomeGroup.NONE for k in (K.CLEARED, K.TALK_REMINDER, K.CRITICISM, K.ORDERED_REVIEW, K.ADMONISHMENT)},
    **{k: OutcomeGroup.PARTY for k in (K.PARTY_WARNING, K.PARTY_SERIOUS_WARNING, K.PARTY_POST_REMOVAL,
                                       K.PARTY_PROBATION, K.PARTY_EXPULSION)},
    **{k: OutcomeGroup.ADMINISTRATIVE for k in (K.ADMIN_WARNING, K.ADMIN_DEMERIT, K.ADMIN_MAJOR_DEMERIT,
                                                K.ADMIN_DEMOTION, K.ADMIN_DISMISSAL, K.ADMIN_EXPULSION)},
    **{k: OutcomeGroup.ORGANIZATIONAL for k in (K.ORG_SUSPENSION, K.ORG_POST_ADJUSTMENT, K.ORG_ORDERED_RESIGNATION,
                                                K.ORG_REMOVAL, K.ORG_DEMOTION)},
    K.PROSECUTION: OutcomeGroup.PROSECUTION,
}


class DueState(models.TextChoices):
    """Where a handed-over lead stands against its reporting-back deadline (qqkj: 已到期 / 即将到期 / 未到期)."""

    OVERDUE = "overdue", _("已逾期")
    SOON = "soon", _("即将到期")
    RUNNING = "running", _("未到期")
    DONE = "done", _("已反馈")


# A lead's outcome is "soon" due this many days before its deadline.
SOON_DAYS = 7
