from ninja import Router

router = Router(tags=["巡察报告与反馈"])
