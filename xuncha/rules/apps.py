from django.apps import AppConfig


class RulesConfig(AppConfig):
    name = "xuncha.rules"
    label = "rules"
    verbose_name = "期限参数与工作规则"
