from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "xuncha.demo"
    label = "demo"
