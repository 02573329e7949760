from django.apps import AppConfig


class FieldworkConfig(AppConfig):
    name = "xuncha.fieldwork"
    label = "fieldwork"
    verbose_name = "驻点工作"

    def ready(self) -> None:
        # The transition tables register themselves for the diagrams on import.
        from xuncha.fieldwork import workflows  # noqa: F401
        from xuncha.fieldwork.selectors import stay_figures
        from xuncha.inspections.sections import register_stay_figures

        register_stay_figures(self.label, stay_figures)
