from typing import Any

from django.apps import AppConfig


class FieldworkConfig(AppConfig):
    name = "xuncha.fieldwork"
    label = "fieldwork"
    verbose_name = "驻点工作"

    def ready(self) -> None:
        # The transition tables register themselves for the diagrams on import.
        from xuncha.accounts.roles import Cap
        from xuncha.core.scoping import capabilities
        from xuncha.fieldwork import workflows  # noqa: F401
        from xuncha.fieldwork.selectors import stay_figures
        from xuncha.inspections.sections import InspectionSection, register_section, register_stay_figures

        def holds(*caps: Cap) -> Any:
            wanted = frozenset(caps)
            return lambda user, inspection: bool(capabilities(user, inspection) & wanted)

        # Only once the team has been stationed is there fieldwork to show.
        def during_or_after_stay(*caps: Cap) -> Any:
            check = holds(*caps)
            return lambda user, inspection: inspection.stationed_on is not None and check(user, inspection)

        for section in (
            InspectionSection("talks", "个别谈话", "fieldwork:talk-list", 10, during_or_after_stay(Cap.VIEW_FIELDWORK),
                              "bi-chat-square-text"),
            InspectionSection("documents", "调阅资料", "fieldwork:document-list", 30,
                              during_or_after_stay(Cap.VIEW_FIELDWORK, Cap.PROVIDE_DOCUMENTS), "bi-folder2-open"),
            InspectionSection("work-records", "工作记录", "fieldwork:workrecord-list", 40,
                              during_or_after_stay(Cap.VIEW_FIELDWORK), "bi-journal-check"),
            InspectionSection("log", "巡察日志", "fieldwork:work-log", 50, during_or_after_stay(Cap.VIEW_FIELDWORK),
                              "bi-journal-text"),
            InspectionSection("weekly", "每周进展", "fieldwork:weekly-summary", 60,
                              during_or_after_stay(Cap.VIEW_FIELDWORK, Cap.MANAGE_PLANNING), "bi-bar-chart"),
        ):
            register_section(section)
        register_stay_figures(self.label, stay_figures)
        # What a finding or a lead may cite as evidence (inspections.evidence).
        from xuncha.fieldwork import evidence
        evidence.register()
