from typing import Any

from django.apps import AppConfig


class NoticesConfig(AppConfig):
    name = "xuncha.notices"
    label = "notices"
    verbose_name = "驻点期间通知书"

    def ready(self) -> None:
        # The transition table registers itself for the diagrams on import.
        from xuncha.core.scoping import capabilities
        from xuncha.inspections.sections import InspectionSection, register_section, register_stay_figures
        from xuncha.notices import workflows  # noqa: F401
        from xuncha.notices.selectors import PAGE_CAPS, stay_figures

        # Notices exist once the team is stationed: the team and the office, and the liaison (their own).
        def visible(user: Any, inspection: Any) -> bool:
            return inspection.stationed_on is not None and bool(capabilities(user, inspection) & PAGE_CAPS)

        register_section(InspectionSection("notices", "通知书", "notices:notice-list", 35, visible,
                                           "bi-envelope-exclamation"))
        register_stay_figures(self.label, stay_figures)
        # What a finding or a lead may cite as evidence (inspections.evidence).
        from xuncha.notices import evidence, official_documents  # noqa: F401  (registers the formal text)

        evidence.register()
