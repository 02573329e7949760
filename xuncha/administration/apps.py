from django.apps import AppConfig


class AdministrationConfig(AppConfig):
    name = "xuncha.administration"
    label = "administration"
    verbose_name = "三员管理（账户、配置、角色授权、审计）"
