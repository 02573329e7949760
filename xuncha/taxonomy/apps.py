from django.apps import AppConfig


class TaxonomyConfig(AppConfig):
    name = "xuncha.taxonomy"
    label = "taxonomy"
    verbose_name = "监督重点与统计口径"
