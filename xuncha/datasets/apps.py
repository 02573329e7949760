from django.apps import AppConfig


class DatasetsConfig(AppConfig):
    name = "xuncha.datasets"
    label = "datasets"
    verbose_name = "合成数据集"
