from django.apps import AppConfig


class NoticesConfig(AppConfig):
    name = "xuncha.notices"
    label = "notices"
    verbose_name = "驻点期间通知书"
