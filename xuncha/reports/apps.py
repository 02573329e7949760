from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "xuncha.reports"
    label = "reports"
    verbose_name = "巡察报告与反馈"

    def ready(self) -> None:
        from xuncha.inspections.workflow import INSPECTION_WORKFLOW
        from xuncha.reports import workflows

        # The lifecycle asks for the artefacts of each stage (ADR-0027): 反馈 needs the approved report and the
        # meetings' decisions; 进入整改 the feedback delivered twice and signed for by every inspected organisation.
        INSPECTION_WORKFLOW.add_guard("deliver_feedback", workflows.report_and_meetings)
        INSPECTION_WORKFLOW.add_guard("open_rectification", workflows.feedback_delivered_and_received)
