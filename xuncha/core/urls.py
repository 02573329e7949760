from django.urls import path

from xuncha.core import views, watermark

app_name = "core"
urlpatterns = [
    path("", views.home, name="home"),
    path("watermark.svg", watermark.watermark_svg, name="watermark"),
]
