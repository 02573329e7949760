from django.urls import path

from xuncha.planning import views

app_name = "planning"
urlpatterns = [
    path("terms/", views.term_list, name="term-list"),
    path("terms/<int:pk>/", views.term_detail, name="term-detail"),
    path("rounds/<int:pk>/", views.round_detail, name="round-detail"),
    path("teams/<int:pk>/", views.team_detail, name="team-detail"),
    path("inspections/", views.inspection_list, name="inspection-list"),
    path("inspections/<int:pk>/", views.inspection_detail, name="inspection-detail"),
    path("inspections/<int:pk>/team/", views.inspection_team_view, name="inspection-team"),
    path("inspections/<int:pk>/transitions/<slug:name>/", views.inspection_transition,
         name="inspection-transition"),
]

# Planning of rounds, team forming and stationing, coverage and cross assignment: one module each.
from xuncha.planning import urls_analysis, urls_rounds, urls_teams  # noqa: E402

urlpatterns += urls_rounds.urlpatterns + urls_teams.urlpatterns + urls_analysis.urlpatterns
