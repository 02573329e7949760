from django.urls import path

from xuncha.fieldwork import views

app_name = "fieldwork"

urlpatterns = [
    path("inspections/<int:pk>/talks/", views.talk_list, name="talk-list"),
    path("inspections/<int:pk>/talks/generate/", views.talk_generate, name="talk-generate"),
    path("inspections/<int:pk>/talks/new/", views.talk_add, name="talk-add"),
    path("talks/<int:pk>/", views.talk_detail, name="talk-detail"),
    path("talks/<int:pk>/edit/", views.talk_edit, name="talk-edit"),
    path("talks/<int:pk>/transitions/<str:name>/", views.talk_transition, name="talk-transition"),
    path("talks/<int:pk>/record/", views.talk_record_edit, name="talk-record"),
    path("talks/<int:pk>/record/sign-off/", views.talk_record_sign_off, name="talk-record-sign-off"),
    path("talks/<int:pk>/attachments/", views.talk_attachment_add, name="talk-attachment-add"),
    path("talk-attachments/<int:pk>/", views.talk_attachment_download, name="talk-attachment"),
    path("inspections/<int:pk>/documents/", views.document_list, name="document-list"),
    path("inspections/<int:pk>/documents/new/", views.document_create, name="document-create"),
    path("documents/<int:pk>/", views.document_detail, name="document-detail"),
    path("documents/<int:pk>/transitions/<str:name>/", views.document_transition, name="document-transition"),
    path("documents/<int:pk>/files/", views.document_upload, name="document-upload"),
    path("document-files/<int:pk>/", views.document_file_download, name="document-file"),
    path("inspections/<int:pk>/work-records/", views.workrecord_list, name="workrecord-list"),
    path("inspections/<int:pk>/work-records/new/", views.workrecord_create, name="workrecord-create"),
    path("work-records/<int:pk>/", views.workrecord_detail, name="workrecord-detail"),
    path("inspections/<int:pk>/log/", views.work_log, name="work-log"),
    path("inspections/<int:pk>/weekly/", views.weekly_summary, name="weekly-summary"),
]
