from django.urls import path

from xuncha.pool import views

app_name = "pool"
urlpatterns = [
    path("", views.profile_list, name="profile-list"),
    path("new/", views.profile_create, name="profile-create"),
    path("export/", views.profile_export, name="profile-export"),
    path("import/", views.profile_import, name="profile-import"),
    path("import/template.xlsx", views.import_template, name="import-template"),
    path("<int:pk>/", views.profile_detail, name="profile-detail"),
    path("<int:pk>/edit/", views.profile_edit, name="profile-edit"),
]
