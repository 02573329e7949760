from ninja import Router

router = Router(tags=["驻点期间通知书"])
