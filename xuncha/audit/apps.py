from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "xuncha.audit"
    label = "audit"
    verbose_name = "安全审计"

    def ready(self) -> None:
        from xuncha.audit import checks  # noqa: F401  (registers the start-up checks)
