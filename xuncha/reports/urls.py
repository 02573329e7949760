from django.urls import path

from xuncha.reports import views

app_name = "reports"

urlpatterns = [
    path("reports/", views.report_list, name="report-list"),
    path("inspections/<int:pk>/report/", views.report_detail, name="report-detail"),
    path("inspections/<int:pk>/report/compose/", views.report_compose, name="report-compose"),
    path("inspections/<int:pk>/report/edit/", views.report_edit, name="report-edit"),
    path("inspections/<int:pk>/report/versions/", views.report_versions, name="report-versions"),
    path("inspections/<int:pk>/report/transitions/<str:name>/", views.report_transition, name="report-transition"),
    path("inspections/<int:pk>/special-reports/new/", views.special_report_create, name="special-report-create"),
    path("inspections/<int:pk>/feedback/", views.feedback_list, name="feedback-list"),
    path("inspections/<int:pk>/feedback/compose/", views.feedback_compose, name="feedback-compose"),
    path("feedback/<int:pk>/", views.feedback_detail, name="feedback-detail"),
    path("feedback/<int:pk>/edit/", views.feedback_edit, name="feedback-edit"),
    path("feedback/<int:pk>/transitions/<str:name>/", views.feedback_transition, name="feedback-transition"),
    path("feedback/<int:pk>/deliveries/", views.feedback_delivery, name="feedback-delivery"),
    path("feedback/<int:pk>/copies/", views.feedback_copy, name="feedback-copy"),
    path("rounds/<int:pk>/meetings/", views.meeting_list, name="meeting-list"),
    path("rounds/<int:pk>/meetings/new/", views.meeting_create, name="meeting-create"),
    path("rounds/<int:pk>/briefing/", views.briefing, name="briefing"),
    path("meetings/<int:pk>/", views.meeting_detail, name="meeting-detail"),
]
