from django.apps import AppConfig


class FindingsConfig(AppConfig):
    name = "xuncha.findings"
    label = "findings"
    verbose_name = "问题与线索"

    def ready(self) -> None:
        # The transition table registers itself for the diagrams on import.
        from xuncha.accounts.roles import Cap
        from xuncha.findings import workflow  # noqa: F401
        from xuncha.findings.selectors import stay_figures
        from xuncha.inspections.sections import InspectionSection, register_section, register_stay_figures

        # The team's findings, from the stay on; the office and the leading group read the confirmed ones.
        register_section(InspectionSection(
            "findings", "问题", "findings:finding-list", order=25, icon="bi-clipboard-check",
            visible=lambda user, inspection: inspection.stationed_on is not None
            and Cap.VIEW_FINDINGS in inspection.capabilities_for(user)))
        register_stay_figures("findings", stay_figures)
