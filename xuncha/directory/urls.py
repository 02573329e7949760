from django.urls import path

from xuncha.directory import views

app_name = "orgs"
urlpatterns = [
    path("jurisdictions/", views.jurisdiction_list, name="jurisdiction-list"),
    path("jurisdictions/<int:pk>/", views.jurisdiction_detail, name="jurisdiction-detail"),
    path("organizations/", views.organization_list, name="organization-list"),
    path("organizations/search/", views.organization_search, name="organization-search"),
    path("organizations/<int:pk>/", views.organization_detail, name="organization-detail"),
    path("organizations/<int:pk>/children/", views.organization_children, name="organization-children"),
    path("people/", views.person_list, name="person-list"),
    path("people/<int:pk>/", views.person_detail, name="person-detail"),
]
