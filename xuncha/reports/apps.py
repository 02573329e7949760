from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "xuncha.reports"
    label = "reports"
    verbose_name = "巡察报告与反馈"

    def ready(self) -> None:
        from xuncha.accounts.roles import Cap
        from xuncha.inspections.sections import InspectionSection, register_section
        from xuncha.inspections.workflow import INSPECTION_WORKFLOW
        from xuncha.reports import official_documents, workflows  # noqa: F401  (registers the formal texts)

        # The report's tab: its readers, once the team is stationed (a draft is often begun in the last days).
        register_section(InspectionSection(
            "report", "巡察报告", "reports:report-detail", 60, icon="bi-file-earmark-text",
            visible=lambda user, inspection: inspection.stationed_on is not None
            and Cap.VIEW_REPORTS in inspection.capabilities_for(user)))
        # The liaison's tab: the feedback addressed to the organisation (shown from the feedback stage on).
        register_section(InspectionSection(
            "feedback", "反馈意见", "reports:feedback-list", 61, icon="bi-envelope-open",
            visible=lambda user, inspection: inspection.feedback_on is not None
            and Cap.VIEW_REPORTS not in inspection.capabilities_for(user)
            and Cap.RECEIVE_FEEDBACK in inspection.capabilities_for(user)))

        # The lifecycle asks for the artefacts of each stage (ADR-0027): 反馈 needs the approved report and the
        # meetings' decisions; 进入整改 the feedback delivered twice and signed for by every inspected organisation.
        INSPECTION_WORKFLOW.add_guard("deliver_feedback", workflows.report_and_meetings)
        INSPECTION_WORKFLOW.add_guard("open_rectification", workflows.feedback_delivered_and_received)
