from django.apps import AppConfig


class InspectionsConfig(AppConfig):
    name = "xuncha.inspections"
    label = "inspections"
    verbose_name = "巡察"

    def ready(self) -> None:
        from xuncha.accounts.services import register_grant_check
        from xuncha.inspections.roster import team_role_check

        register_grant_check(team_role_check)
