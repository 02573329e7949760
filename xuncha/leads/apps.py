from django.apps import AppConfig


class LeadsConfig(AppConfig):
    name = "xuncha.leads"
    label = "leads"
    verbose_name = "问题线索"
