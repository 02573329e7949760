from django.apps import AppConfig


class PlanningConfig(AppConfig):
    name = "xuncha.planning"
    label = "planning"
    verbose_name = "届次、轮次与巡察组"

    def ready(self) -> None:
        # The announcement and the notice as official documents (xuncha.documents' Word / PDF exports).
        from xuncha.planning import official_documents  # noqa: F401
