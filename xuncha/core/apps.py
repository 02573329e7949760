from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "xuncha.core"
    label = "core"
    verbose_name = "核心"

    def ready(self) -> None:
        from xuncha.core import files  # noqa: F401  (registers the private-files system check)
