from django.apps import AppConfig


class LeadsConfig(AppConfig):
    name = "xuncha.leads"
    label = "leads"
    verbose_name = "问题线索"

    def ready(self) -> None:
        # The transition table registers itself for the diagrams on import, the referral letter with the documents.
        from xuncha.accounts.roles import Cap
        from xuncha.accounts.scope import scope_of
        from xuncha.inspections.sections import InspectionSection, register_section, register_stay_figures
        from xuncha.inspections.workflow import INSPECTION_WORKFLOW
        from xuncha.leads import documents, selectors, workflow  # noqa: F401

        def may_open(user: object, inspection: object) -> bool:
            # From the scope and the inspection's own fields (no query): the team, the office, the receiving bodies
            # of the jurisdiction hold VIEW_LEADS there; the liaison and the leading group never do. What each sees
            # in the tab is the leads' own scope.
            caps = scope_of(user).capabilities_at(
                jurisdiction_path=inspection.jurisdiction.path,  # type: ignore[attr-defined]
                team_ids={inspection.team_id} if inspection.team_id else set())  # type: ignore[attr-defined]
            return Cap.VIEW_LEADS in caps

        register_section(InspectionSection("leads", "问题线索", "leads:inspection-leads", order=70,
                                           visible=may_open, icon="bi-send"))
        register_stay_figures(self.label, selectors.stay_figures)
        # 反馈 → 整改 is refused while an approved lead is not handed over with the receiving body's receipt.
        INSPECTION_WORKFLOW.add_guard("open_rectification", selectors.leads_handed_over)
