from django.urls import path

from xuncha.petitions import views, views_public

app_name = "petitions"

urlpatterns = [
    # Public (no sign-in): the page of one inspection by its slug, and following a petition by its receipt.
    path("xf/track/", views_public.track, name="track"),
    path("xf/<str:slug>/", views_public.petition_page, name="public"),
    # The team's pages.
    path("inspections/<int:pk>/petitions/", views.petition_list, name="petition-list"),
    path("inspections/<int:pk>/petitions/new/", views.petition_register, name="petition-register"),
    path("inspections/<int:pk>/petitions/poster/", views.petition_poster, name="petition-poster"),
    path("petitions/<int:pk>/", views.petition_detail, name="petition-detail"),
    path("petitions/<int:pk>/triage/", views.petition_triage, name="petition-triage"),
    path("petitions/<int:pk>/answer/", views.petition_answer, name="petition-answer"),
    path("petitions/<int:pk>/refer/", views.petition_refer, name="petition-refer"),
    path("petitions/<int:pk>/keep/", views.petition_keep, name="petition-keep"),
    path("petitions/<int:pk>/merge/", views.petition_merge, name="petition-merge"),
    path("petitions/<int:pk>/messages/", views.petition_message, name="petition-message"),
    path("petitions/<int:pk>/files/<int:file_pk>/", views.petition_file, name="petition-file"),
]
