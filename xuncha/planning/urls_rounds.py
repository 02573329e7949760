"""Routes of the planning pages: rounds (included by planning/urls.py under the "planning" namespace)."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
