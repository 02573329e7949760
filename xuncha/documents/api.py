from ninja import Router

router = Router(tags=["公文（GB/T 9704）"])
