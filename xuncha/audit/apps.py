from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "xuncha.audit"
    label = "audit"
    verbose_name = "安全审计"
