from django.urls import path

from xuncha.findings import views

app_name = "findings"

urlpatterns = [
    path("inspections/<int:pk>/findings/", views.finding_list, name="finding-list"),
    path("inspections/<int:pk>/findings/new/", views.finding_create, name="finding-create"),
    path("inspections/<int:pk>/findings/bulk/", views.finding_bulk, name="finding-bulk"),
    path("inspections/<int:pk>/findings/import/", views.finding_import, name="finding-import"),
    path("inspections/<int:pk>/findings/import/template.xlsx", views.finding_import_template,
         name="finding-import-template"),
    path("findings/<int:pk>/", views.finding_detail, name="finding-detail"),
    path("findings/<int:pk>/edit/", views.finding_edit, name="finding-edit"),
    path("findings/<int:pk>/delete/", views.finding_delete, name="finding-delete"),
    path("findings/<int:pk>/transitions/<str:name>/", views.finding_transition, name="finding-transition"),
]
