from django.apps import AppConfig


class PlanningConfig(AppConfig):
    name = "xuncha.planning"
    label = "planning"
    verbose_name = "届次、轮次与巡察组"
