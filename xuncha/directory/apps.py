from django.apps import AppConfig


class DirectoryConfig(AppConfig):
    name = "xuncha.directory"
    label = "directory"
    verbose_name = "名录（党委、党组织、干部的页面）"
