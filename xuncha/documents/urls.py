from django.urls import URLPattern, path

from xuncha.documents import views

app_name = "documents"

urlpatterns: list[URLPattern] = [
    path("documents/<str:key>/<int:object_id>/<str:fmt>/", views.document_export, name="export"),
]
