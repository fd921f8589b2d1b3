from django.utils.translation import gettext_lazy as _

from partybuilding.core.apps import PartyApp


class AccountsConfig(PartyApp):
    name = "partybuilding.accounts"
    label = "accounts"
    verbose_name = _("Accounts")
    registers = ("policy", "activity", "admin_site")  # grants; session expiry notes; the admin's login
