from django.apps import AppConfig


class OrgsConfig(AppConfig):
    name = "xuncha.orgs"
    label = "orgs"
    verbose_name = "党委、党组织与干部"
