"""Roles, capabilities and which role holds which capability (one table, rendered in docs/permissions.md)."""

from __future__ import annotations

from enum import StrEnum

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    OFFICE_STAFF = "office_staff", _("巡察办工作人员")
    OFFICE_DIRECTOR = "office_director", _("巡察办主任")
    LEADING_GROUP = "leading_group", _("巡察工作领导小组")
    TEAM_LEADER = "team_leader", _("巡察组组长")
    TEAM_DEPUTY = "team_deputy", _("巡察组副组长")
    TEAM_MEMBER = "team_member", _("巡察组成员")
    LIAISON = "liaison", _("被巡察单位联络员")
    DISCIPLINE_COMMISSION = "discipline_commission", _("纪委监委")
    ORG_DEPARTMENT = "org_department", _("组织部")
    SYSTEM_ADMIN = "system_admin", _("系统管理员")
    SECURITY_ADMIN = "security_admin", _("安全保密管理员")
    SECURITY_AUDITOR = "security_auditor", _("安全审计员")


class ScopeKind(StrEnum):
    JURISDICTION = "jurisdiction"
    TEAM = "team"
    ORGANIZATION = "organization"


R = Role
# Which object a role is bound to.
ROLE_SCOPE: dict[str, ScopeKind] = {
    R.OFFICE_STAFF: ScopeKind.JURISDICTION,
    R.OFFICE_DIRECTOR: ScopeKind.JURISDICTION,
    R.LEADING_GROUP: ScopeKind.JURISDICTION,
    R.DISCIPLINE_COMMISSION: ScopeKind.JURISDICTION,
    R.ORG_DEPARTMENT: ScopeKind.JURISDICTION,
    R.SYSTEM_ADMIN: ScopeKind.JURISDICTION,
    R.SECURITY_ADMIN: ScopeKind.JURISDICTION,
    R.SECURITY_AUDITOR: ScopeKind.JURISDICTION,
    R.TEAM_LEADER: ScopeKind.TEAM,
    R.TEAM_DEPUTY: ScopeKind.TEAM,
    R.TEAM_MEMBER: ScopeKind.TEAM,
    R.LIAISON: ScopeKind.ORGANIZATION,
}

# Roles that see business data of their jurisdiction and its subordinate jurisdictions.
JURISDICTION_BUSINESS_ROLES = frozenset(
    {R.OFFICE_STAFF, R.OFFICE_DIRECTOR, R.LEADING_GROUP, R.DISCIPLINE_COMMISSION, R.ORG_DEPARTMENT}
)
TEAM_ROLES = frozenset({R.TEAM_LEADER, R.TEAM_DEPUTY, R.TEAM_MEMBER})
# 三员分立: these three see no business data at all.
ADMIN_ROLES = frozenset({R.SYSTEM_ADMIN, R.SECURITY_ADMIN, R.SECURITY_AUDITOR})


class Cap(StrEnum):
    """What a role may do; a capability applies only inside the role's scope."""

    VIEW_PLANNING = "view_planning"            # terms, rounds, teams, inspections
    MANAGE_PLANNING = "manage_planning"        # create and edit them
    VIEW_PEOPLE = "view_people"                # cadre records (personal data; reads are audited)
    VIEW_CONFIDENTIAL = "view_confidential"    # interview notes, petitioner identity (later issues)
    PREPARE_INSPECTION = "prepare_inspection"  # planned → preparing
    STATION_INSPECTION = "station_inspection"  # preparing → stationed
    WITHDRAW_INSPECTION = "withdraw_inspection"  # stationed → reporting
    DELIVER_FEEDBACK = "deliver_feedback"      # reporting → feedback
    OPEN_RECTIFICATION = "open_rectification"  # feedback → rectifying
    CLOSE_RECTIFICATION = "close_rectification"  # rectifying → evaluating
    ARCHIVE_INSPECTION = "archive_inspection"  # evaluating → archived
    VIEW_OWN_INSPECTION = "view_own_inspection"  # a liaison's view of the inspection of their organisation
    VIEW_POOL = "view_pool"                    # the inspector pool (巡察干部人才库)
    MANAGE_POOL = "manage_pool"                # add, edit, import inspectors
    APPROVE_WORK_PLAN = "approve_work_plan"    # the leading group approves a round's work plan
    OVERRIDE_RECUSAL = "override_recusal"      # accept a recusal warning with a written reason
    VIEW_FIELDWORK = "view_fieldwork"          # the team's fieldwork: talk plan, work records, work log
    RECORD_FIELDWORK = "record_fieldwork"      # record talks, work records, the log, document requests
    PLAN_TALKS = "plan_talks"                  # draw up and adjust the talk plan (谈话安排)
    SIGN_OFF_TALK = "sign_off_talk"            # the team leader signs off a talk record (谈话笔录)
    PROVIDE_DOCUMENTS = "provide_documents"    # the inspected organisation hands over requested documents
    MANAGE_ACCOUNTS = "manage_accounts"
    MANAGE_CONFIGURATION = "manage_configuration"
    MANAGE_ROLES = "manage_roles"
    VIEW_AUDIT = "view_audit"
    # Surveys (民主测评, 问卷调查): the team builds and runs them; the team and the office director read the results
    # (never the liaison, never the rest of the office).
    RUN_SURVEYS = "run_surveys"
    VIEW_SURVEYS = "view_surveys"
    # Petitions (信访): team-confidential; the petitioner's identity further needs VIEW_CONFIDENTIAL.
    VIEW_PETITIONS = "view_petitions"          # read an inspection's petitions (the team, the office director)
    HANDLE_PETITIONS = "handle_petitions"      # register, triage, reply to the petitioner (the team)
    DECIDE_PETITIONS = "decide_petitions"      # answer and close, refer, merge, keep for the report
    # Notices during the stay (整改通知书, 情况说明通知书): the team and the dispatching office read them all, the team
    # drafts, the leader issues, the leader and deputies accept or send back; the liaison signs for and answers.
    VIEW_NOTICES = "view_notices"
    DRAFT_NOTICES = "draft_notices"
    ISSUE_NOTICES = "issue_notices"
    REVIEW_NOTICES = "review_notices"
    ANSWER_NOTICES = "answer_notices"
    # Leads (问题线索, high secrecy): the team drafts, its leader endorses, the office director approves, the office
    # transfers and closes; the receiving body (its role in the jurisdiction referred to) acknowledges, handles and
    # reports the outcome. Which lead a holder reaches is the lead's own scope (xuncha.leads.models).
    VIEW_LEADS = "view_leads"
    DRAFT_LEADS = "draft_leads"                # the team drafts leads and edits its drafts
    ENDORSE_LEADS = "endorse_leads"            # the team leader agrees to the transfer (组长审核)
    APPROVE_LEADS = "approve_leads"            # the office director approves the transfer (and any identity in it)
    TRANSFER_LEADS = "transfer_leads"          # the office transfers (移交) and closes (销号)
    HANDLE_REFERRED_LEADS = "handle_referred_leads"  # the receiving body: receipt, disposal, outcome
    # The report (巡察报告), the meetings that hear it and the feedback (反馈意见): the team's leader and deputies
    # write the report, the leader submits it, the office director approves or returns it; the office records the
    # leading group's and the secretary's meetings; the office director issues the feedback, the office or the
    # leader records its two deliveries, the liaison signs for it (and sees nothing else of the report).
    VIEW_REPORTS = "view_reports"
    EDIT_REPORTS = "edit_reports"              # compose, edit (each save a version), special reports, feedback text
    SUBMIT_REPORTS = "submit_reports"          # the team leader submits the report to the office
    APPROVE_REPORTS = "approve_reports"        # the office director approves or returns it; issues the feedback
    VIEW_MEETINGS = "view_meetings"            # the leading group's and the secretary's meetings, the briefing
    RECORD_MEETINGS = "record_meetings"        # the office records them and their decisions per inspection
    DELIVER_FEEDBACK_RECORDS = "deliver_feedback_records"  # record the two deliveries (双反馈) and the copies
    RECEIVE_FEEDBACK = "receive_feedback"      # the liaison signs for the feedback addressed to the organisation
    # Findings (问题底稿): the team drafts, a deputy reviews, the leader confirms and records the team meeting's
    # adoption; the office of the dispatching committee and the leading group read the confirmed ones.
    VIEW_FINDINGS = "view_findings"
    RECORD_FINDINGS = "record_findings"        # draft findings, edit one's own drafts, import
    REVIEW_FINDINGS = "review_findings"        # the deputy leader reviews (and sends back) a submitted finding
    CONFIRM_FINDINGS = "confirm_findings"      # the team leader confirms, records the 组务会, puts into the report


C = Cap
_OFFICE = {C.VIEW_PLANNING, C.MANAGE_PLANNING, C.VIEW_PEOPLE, C.PREPARE_INSPECTION, C.STATION_INSPECTION,
           C.WITHDRAW_INSPECTION, C.OPEN_RECTIFICATION, C.VIEW_POOL, C.MANAGE_POOL}
_SURVEYS = {C.RUN_SURVEYS, C.VIEW_SURVEYS}
_PETITIONS = {C.VIEW_PETITIONS, C.HANDLE_PETITIONS, C.DECIDE_PETITIONS}
# The team's own work during the stay (every member records; the leader and deputies plan and sign off).
_FIELDWORK = {C.VIEW_FIELDWORK, C.RECORD_FIELDWORK}
_NOTICES = {C.VIEW_NOTICES, C.DRAFT_NOTICES}
ROLE_CAPABILITIES: dict[str, frozenset[Cap]] = {
    R.OFFICE_STAFF: frozenset(_OFFICE | {C.VIEW_NOTICES}),
    R.OFFICE_DIRECTOR: frozenset(_OFFICE | {C.VIEW_CONFIDENTIAL, C.DELIVER_FEEDBACK, C.CLOSE_RECTIFICATION,
                                             C.ARCHIVE_INSPECTION, C.OVERRIDE_RECUSAL, C.VIEW_SURVEYS,
                                             C.VIEW_PETITIONS, C.VIEW_FIELDWORK, C.VIEW_NOTICES}),
    R.LEADING_GROUP: frozenset({C.VIEW_PLANNING, C.VIEW_PEOPLE, C.VIEW_POOL, C.APPROVE_WORK_PLAN}),
    R.TEAM_LEADER: frozenset({C.VIEW_PLANNING, C.VIEW_PEOPLE, C.VIEW_CONFIDENTIAL, C.WITHDRAW_INSPECTION,
                              *_SURVEYS, *_PETITIONS, *_FIELDWORK, C.PLAN_TALKS, C.SIGN_OFF_TALK,
                              *_NOTICES, C.ISSUE_NOTICES, C.REVIEW_NOTICES}),
    R.TEAM_DEPUTY: frozenset({C.VIEW_PLANNING, C.VIEW_PEOPLE, C.VIEW_CONFIDENTIAL, C.WITHDRAW_INSPECTION,
                              *_SURVEYS, *_PETITIONS, *_FIELDWORK, C.PLAN_TALKS,
                              *_NOTICES, C.REVIEW_NOTICES}),
    R.TEAM_MEMBER: frozenset({C.VIEW_PLANNING, C.VIEW_PEOPLE, *_SURVEYS, C.VIEW_PETITIONS, C.HANDLE_PETITIONS,
                              *_FIELDWORK, *_NOTICES}),
    R.LIAISON: frozenset({C.VIEW_OWN_INSPECTION, C.PROVIDE_DOCUMENTS, C.ANSWER_NOTICES}),
    R.DISCIPLINE_COMMISSION: frozenset({C.VIEW_PLANNING}),
    R.ORG_DEPARTMENT: frozenset({C.VIEW_PLANNING, C.VIEW_PEOPLE, C.VIEW_POOL, C.MANAGE_POOL}),
    R.SYSTEM_ADMIN: frozenset({C.MANAGE_ACCOUNTS, C.MANAGE_CONFIGURATION}),
    R.SECURITY_ADMIN: frozenset({C.MANAGE_ROLES}),
    R.SECURITY_AUDITOR: frozenset({C.VIEW_AUDIT}),
}
# Leads (问题线索): kept apart so that the table above reads as before.
_LEADS: dict[str, frozenset[Cap]] = {
    R.OFFICE_STAFF: frozenset({C.VIEW_LEADS, C.TRANSFER_LEADS}),
    R.OFFICE_DIRECTOR: frozenset({C.VIEW_LEADS, C.TRANSFER_LEADS, C.APPROVE_LEADS}),
    R.TEAM_LEADER: frozenset({C.VIEW_LEADS, C.DRAFT_LEADS, C.ENDORSE_LEADS}),
    R.TEAM_DEPUTY: frozenset({C.VIEW_LEADS, C.DRAFT_LEADS}),
    R.TEAM_MEMBER: frozenset({C.VIEW_LEADS, C.DRAFT_LEADS}),
    R.DISCIPLINE_COMMISSION: frozenset({C.VIEW_LEADS, C.HANDLE_REFERRED_LEADS}),
    R.ORG_DEPARTMENT: frozenset({C.VIEW_LEADS, C.HANDLE_REFERRED_LEADS}),
}
ROLE_CAPABILITIES = {role: caps | _LEADS.get(role, frozenset()) for role, caps in ROLE_CAPABILITIES.items()}
# Reports, meetings and feedback: kept apart so that the table above reads as before.
_REPORTS: dict[str, frozenset[Cap]] = {
    R.OFFICE_STAFF: frozenset({C.VIEW_REPORTS, C.VIEW_MEETINGS, C.RECORD_MEETINGS, C.DELIVER_FEEDBACK_RECORDS}),
    R.OFFICE_DIRECTOR: frozenset({C.VIEW_REPORTS, C.APPROVE_REPORTS, C.VIEW_MEETINGS, C.RECORD_MEETINGS,
                                  C.DELIVER_FEEDBACK_RECORDS}),
    R.LEADING_GROUP: frozenset({C.VIEW_REPORTS, C.VIEW_MEETINGS}),
    R.TEAM_LEADER: frozenset({C.VIEW_REPORTS, C.EDIT_REPORTS, C.SUBMIT_REPORTS, C.DELIVER_FEEDBACK_RECORDS}),
    R.TEAM_DEPUTY: frozenset({C.VIEW_REPORTS, C.EDIT_REPORTS}),
    R.LIAISON: frozenset({C.RECEIVE_FEEDBACK}),
}
ROLE_CAPABILITIES = {role: caps | _REPORTS.get(role, frozenset()) for role, caps in ROLE_CAPABILITIES.items()}
# Findings (问题底稿): kept apart so that the table above reads as before.
_FINDINGS: dict[str, frozenset[Cap]] = {
    R.OFFICE_STAFF: frozenset({C.VIEW_FINDINGS}),
    R.OFFICE_DIRECTOR: frozenset({C.VIEW_FINDINGS}),
    R.LEADING_GROUP: frozenset({C.VIEW_FINDINGS}),
    R.TEAM_LEADER: frozenset({C.VIEW_FINDINGS, C.RECORD_FINDINGS, C.REVIEW_FINDINGS, C.CONFIRM_FINDINGS}),
    R.TEAM_DEPUTY: frozenset({C.VIEW_FINDINGS, C.RECORD_FINDINGS, C.REVIEW_FINDINGS}),
    R.TEAM_MEMBER: frozenset({C.VIEW_FINDINGS, C.RECORD_FINDINGS}),
}
ROLE_CAPABILITIES = {role: caps | _FINDINGS.get(role, frozenset()) for role, caps in ROLE_CAPABILITIES.items()}

# Roles that must sign in with a second factor (SEC-06) when XUNCHA_REQUIRE_2FA is on: every role that reads
# confidential records (by capability, so a role given VIEW_CONFIDENTIAL later is covered at once) and the three
# administrators, who hold the keys to accounts, roles and the audit log.
SECOND_FACTOR_ROLES = frozenset(
    {role for role, caps in ROLE_CAPABILITIES.items() if Cap.VIEW_CONFIDENTIAL in caps} | ADMIN_ROLES
)
