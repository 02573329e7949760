from django.urls import path

from xuncha.leads import views

app_name = "leads"

urlpatterns = [
    path("leads/", views.lead_list, name="lead-list"),
    path("inspections/<int:pk>/leads/", views.inspection_leads, name="inspection-leads"),
    path("inspections/<int:pk>/leads/new/", views.lead_create, name="lead-create"),
    path("leads/<int:pk>/", views.lead_detail, name="lead-detail"),
    path("leads/<int:pk>/edit/", views.lead_edit, name="lead-edit"),
    path("leads/<int:pk>/letter/", views.lead_letter, name="lead-letter"),
    path("leads/<int:pk>/step/<str:name>/", views.lead_step, name="lead-step"),
    path("leads/<int:pk>/identity/", views.lead_identity, name="lead-identity"),
    path("leads/<int:pk>/transfer/", views.lead_transfer, name="lead-transfer"),
    path("leads/<int:pk>/receive/", views.lead_receive, name="lead-receive"),
    path("leads/<int:pk>/disposal/", views.lead_dispose, name="lead-dispose"),
    path("leads/<int:pk>/outcome/", views.lead_outcome, name="lead-outcome"),
]
