from django.urls import path

from xuncha.notices import views

app_name = "notices"

urlpatterns = [
    path("inspections/<int:pk>/stay-notices/", views.notice_list, name="notice-list"),
    path("inspections/<int:pk>/stay-notices/new/", views.notice_create, name="notice-create"),
    path("inspections/<int:pk>/immediate-items/", views.immediate_item_list, name="immediate-items"),
    path("stay-notices/<int:pk>/", views.notice_detail, name="notice-detail"),
    path("stay-notices/<int:pk>/edit/", views.notice_edit, name="notice-edit"),
    path("stay-notices/<int:pk>/transitions/<str:name>/", views.notice_transition, name="notice-transition"),
    path("stay-notices/<int:pk>/answer/", views.notice_answer, name="notice-answer"),
    path("stay-notice-files/<int:pk>/", views.notice_file, name="notice-file"),
]
