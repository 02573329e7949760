from django.apps import AppConfig


class PetitionsConfig(AppConfig):
    name = "xuncha.petitions"
    label = "petitions"
    verbose_name = "信访受理"
