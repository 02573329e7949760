from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "xuncha.core"
    label = "core"
    verbose_name = "核心"
