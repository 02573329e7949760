from django.urls import path

from xuncha.dashboards import views

app_name = "dashboards"
urlpatterns = [
    path("", views.home, name="home"),
    path("todos/", views.todo_list, name="todo-list"),
    path("todos/badge/", views.todo_badge, name="todo-badge"),
]
