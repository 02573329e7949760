"""Routes of the planning pages: analysis (included by planning/urls.py under the "planning" namespace)."""

from django.urls import URLPattern, path

from xuncha.planning import views_analysis as views

urlpatterns: list[URLPattern] = [
    path("terms/<int:pk>/coverage/", views.coverage, name="coverage"),
    path("terms/<int:pk>/calendar/", views.calendar, name="calendar"),
    path("rounds/<int:pk>/crossing/", views.crossing, name="crossing"),
    path("crossing-runs/<int:pk>/", views.crossing_run, name="crossing-run"),
    path("crossing-runs/<int:pk>/apply/", views.crossing_run_apply, name="crossing-run-apply"),
]
