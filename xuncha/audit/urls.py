from django.urls import path

from xuncha.audit import views

app_name = "audit"
urlpatterns = [
    path("", views.event_list, name="event-list"),
    path("<int:pk>/", views.event_detail, name="event-detail"),
    path("verify/", views.verify, name="verify"),
    path("verify/<int:pk>/", views.verify_status, name="verify-status"),
]
