from typing import Any

from django.apps import AppConfig


class PetitionsConfig(AppConfig):
    name = "xuncha.petitions"
    label = "petitions"
    verbose_name = "信访受理"

    def ready(self) -> None:
        from django.db.models.signals import post_save
        from django.urls import reverse

        from xuncha.accounts.roles import Cap
        from xuncha.inspections.models import StationingAnnouncement
        from xuncha.inspections.sections import (
            InspectionSection,
            PublicLink,
            register_public_links,
            register_section,
            register_stay_figures,
        )
        from xuncha.inspections.workflow import INSPECTION_WORKFLOW
        from xuncha.petitions import selectors, signals
        from xuncha.petitions.models import PetitionPage

        # 撤驻 is refused while a petition is neither handled nor carried into the report.
        INSPECTION_WORKFLOW.add_guard("withdraw", selectors.petitions_handled)
        register_stay_figures("petitions", selectors.stay_figures)
        # A petition may be cited as the evidence of a finding or a lead (inspections.evidence).
        from xuncha.petitions import evidence
        evidence.register()
        register_section(InspectionSection(
            "petitions", "信访受理", "petitions:petition-list", order=20, icon="bi-envelope-paper",
            visible=lambda user, inspection: Cap.VIEW_PETITIONS in inspection.capabilities_for(user)))

        def links(inspection: Any) -> list[PublicLink]:
            page = PetitionPage.objects.filter(inspection_id=inspection.pk).only("slug").first()
            if page is None:
                return []
            return [PublicLink("网上信访（码上巡察）", reverse("petitions:public", args=[page.slug]), "bi-globe"),
                    PublicLink("二维码海报", reverse("petitions:petition-poster", args=[inspection.pk]),
                               "bi-qr-code", printable=False)]

        register_public_links("petitions", links)
        # An announcement names the petition channels: its inspection gets its public page at once.
        post_save.connect(signals.announcement_saved, sender=StationingAnnouncement,
                          dispatch_uid="petitions.announcement_saved")
