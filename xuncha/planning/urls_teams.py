"""Routes of the planning pages: teams (included by planning/urls.py under the "planning" namespace)."""

from django.urls import path

from xuncha.planning import views_teams

urlpatterns = [
    path("rounds/<int:pk>/teams/new/", views_teams.team_create_view, name="team-create"),
    path("teams/<int:pk>/forming/", views_teams.team_forming, name="team-forming"),
    path("teams/<int:pk>/transitions/<slug:transition>/", views_teams.team_step_view, name="team-step"),
    path("teams/<int:pk>/members/", views_teams.team_member_add_view, name="team-member-add"),
    path("team-memberships/<int:pk>/remove/", views_teams.team_member_remove_view, name="team-member-remove"),
    path("team-memberships/<int:pk>/authorization/", views_teams.team_member_authorize_view,
         name="team-member-authorize"),
    path("team-memberships/<int:pk>/recusal-overrides/", views_teams.recusal_override_create_view,
         name="recusal-override-create"),
    path("team-memberships/<int:pk>/declarations/", views_teams.declaration_record_view,
         name="declaration-record"),
]
