from django.urls import path

from xuncha.core import bench_views, job_views, watermark

app_name = "core"
urlpatterns = [
    path("watermark.svg", watermark.watermark_svg, name="watermark"),
    path("favicon.ico", watermark.favicon, name="favicon"),
    path("jobs/<int:pk>/", job_views.job_status, name="job-status"),
    path("jobs/<int:pk>/download/", job_views.job_download, name="job-download"),
    path("_bench/ping/", bench_views.bench_ping, name="bench-ping"),
]
