from django.apps import AppConfig


class DashboardsConfig(AppConfig):
    """The work page (工作台) of every role and its to-do list (待办); later the dashboards."""

    name = "xuncha.dashboards"
    label = "dashboards"
    verbose_name = "工作台"

    def ready(self) -> None:
        from xuncha.accounts.context_processors import register_nav_badge

        register_nav_badge("dashboards:todo-list", "dashboards:todo-badge")
