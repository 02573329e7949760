from django.apps import AppConfig


class PetitionsConfig(AppConfig):
    name = "xuncha.petitions"
    label = "petitions"
    verbose_name = "信访受理"

    def ready(self) -> None:
        from django.db.models.signals import post_save

        from xuncha.inspections.models import StationingAnnouncement
        from xuncha.inspections.sections import register_stay_figures
        from xuncha.inspections.workflow import INSPECTION_WORKFLOW
        from xuncha.petitions import selectors, signals

        # 撤驻 is refused while a petition is neither handled nor carried into the report.
        INSPECTION_WORKFLOW.add_guard("withdraw", selectors.petitions_handled)
        register_stay_figures("petitions", selectors.stay_figures)
        # An announcement names the petition channels: its inspection gets its public page at once.
        post_save.connect(signals.announcement_saved, sender=StationingAnnouncement,
                          dispatch_uid="petitions.announcement_saved")
