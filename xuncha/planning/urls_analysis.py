"""Routes of the planning pages: analysis (included by planning/urls.py under the "planning" namespace)."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
