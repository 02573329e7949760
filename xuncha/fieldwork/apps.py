from django.apps import AppConfig


class FieldworkConfig(AppConfig):
    name = "xuncha.fieldwork"
    label = "fieldwork"
    verbose_name = "驻点工作"
