from importlib import import_module

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PartyApp(AppConfig):
    """An app of the system. `registers` names its modules whose import hands the kernel
    what the app adds to it (attention lines, counters, kinds of job), each with the
    kernel's decorator where it is defined; they are imported once every model is loaded."""

    registers: tuple[str, ...] = ()

    def ready(self) -> None:
        for module in self.registers:
            import_module(f"{self.name}.{module}")


class CoreConfig(PartyApp):
    name = "partybuilding.core"
    label = "core"
    verbose_name = _("Core")
    registers = ("signals", "attention")  # cache invalidation; the attention count's job kind
