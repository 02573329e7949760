from django.apps import AppConfig


class SurveysConfig(AppConfig):
    name = "xuncha.surveys"
    label = "surveys"
    verbose_name = "民主测评与问卷调查"

    def ready(self) -> None:
        from xuncha.inspections.sections import register_stay_figures
        from xuncha.inspections.workflow import INSPECTION_WORKFLOW
        from xuncha.surveys import stay

        register_stay_figures("surveys", stay.stay_figures)
        INSPECTION_WORKFLOW.add_guard("withdraw", stay.no_open_survey)
