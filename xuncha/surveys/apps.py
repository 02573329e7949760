from django.apps import AppConfig


class SurveysConfig(AppConfig):
    name = "xuncha.surveys"
    label = "surveys"
    verbose_name = "民主测评与问卷调查"

    def ready(self) -> None:
        from xuncha.inspections.sections import InspectionSection, register_section, register_stay_figures
        from xuncha.inspections.workflow import INSPECTION_WORKFLOW
        from xuncha.surveys import stay

        register_section(InspectionSection(
            key="surveys", label="民主测评", url_name="surveys:inspection-surveys", order=50,
            visible=stay.may_open_surveys, icon="bi-ui-checks"))
        register_stay_figures("surveys", stay.stay_figures)
        INSPECTION_WORKFLOW.add_guard("withdraw", stay.no_open_survey)
