from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "partybuilding.core"
    label = "core"
    verbose_name = _("Core")

    def ready(self) -> None:
        from . import attention, signals  # noqa: F401  (cache invalidation; the attention count's job kind)
