"""Routes of the planning pages: rounds (included by planning/urls.py under the "planning" namespace)."""

from django.urls import URLPattern, path

from xuncha.planning import views_rounds as v

urlpatterns: list[URLPattern] = [
    # Rounds of a term, and copying one as the draft of the next
    path("terms/<int:term_pk>/rounds/new/", v.round_create, name="round-create"),
    path("rounds/<int:pk>/copy/", v.round_copy, name="round-copy"),
    path("rounds/<int:pk>/plan-panel/", v.round_plan_panel, name="round-plan-panel"),
    # Target organisations into inspections (1托N)
    path("rounds/<int:pk>/targets/", v.plan_targets, name="plan-targets"),
    path("rounds/<int:pk>/linkable-inspections/", v.linkable_inspections, name="linkable-inspections"),
    # The round's work plan (工作方案), versioned and approved by the leading group
    path("rounds/<int:pk>/work-plans/", v.workplan_list, name="workplan-list"),
    path("rounds/<int:pk>/work-plans/new/", v.workplan_create, name="workplan-create"),
    path("work-plans/<int:pk>/", v.workplan_detail, name="workplan-detail"),
    path("work-plans/<int:pk>/submit/", v.workplan_submit, name="workplan-submit"),
    path("work-plans/<int:pk>/approve/", v.workplan_approve, name="workplan-approve"),
    # Annual plans (年度巡察计划) of a term
    path("terms/<int:term_pk>/annual-plans/", v.annualplan_list, name="annualplan-list"),
    path("terms/<int:term_pk>/annual-plans/new/", v.annualplan_create, name="annualplan-create"),
    path("annual-plans/<int:pk>/edit/", v.annualplan_edit, name="annualplan-edit"),
    path("annual-plans/<int:pk>/submit/", v.annualplan_submit, name="annualplan-submit"),
    path("annual-plans/<int:pk>/approve/", v.annualplan_approve, name="annualplan-approve"),
    # Stationing: notices, liaison group, mobilisation meeting, announcement
    path("inspections/<int:pk>/stationing/", v.stationing_detail, name="stationing-detail"),
    path("inspections/<int:pk>/stationing/panel/", v.stationing_panel, name="stationing-panel"),
    path("inspections/<int:pk>/notices/", v.notice_issue, name="notice-issue"),
    path("inspections/<int:pk>/liaison-contacts/", v.liaison_contact_add, name="liaison-contact-add"),
    path("liaison-contacts/<int:pk>/edit/", v.liaison_contact_edit, name="liaison-contact-edit"),
    path("liaison-contacts/<int:pk>/remove/", v.liaison_contact_remove, name="liaison-contact-remove"),
    path("inspections/<int:pk>/mobilization-meeting/", v.meeting_save, name="meeting-save"),
    path("inspections/<int:pk>/announcement/", v.announcement_edit, name="announcement-edit"),
    path("inspections/<int:pk>/announcement/print/", v.announcement_print, name="announcement-print"),
]
