from django.urls import path

app_name = "api"
urlpatterns: list = []  # filled by xuncha.api.api
