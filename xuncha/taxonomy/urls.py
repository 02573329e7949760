from django.urls import path

from xuncha.taxonomy import views

app_name = "taxonomy"

urlpatterns = [
    path("library/", views.library, name="library"),
    path("library/frameworks/<str:code>/", views.framework_detail, name="framework-detail"),
    path("library/frameworks/<str:code>/local/", views.framework_local_add, name="framework-local-add"),
    path("library/regulations/", views.article_list, name="article-list"),
    path("library/regulations/<str:code>/", views.regulation_detail, name="regulation-detail"),
    path("library/wordings/", views.wording_list, name="wording-list"),
]
