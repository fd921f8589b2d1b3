"""The cadres API's router: the modules of this package add their operations to it."""

from ninja import Router

router = Router(tags=["cadres"])
