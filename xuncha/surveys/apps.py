from django.apps import AppConfig


class SurveysConfig(AppConfig):
    name = "xuncha.surveys"
    label = "surveys"
    verbose_name = "民主测评与问卷调查"
