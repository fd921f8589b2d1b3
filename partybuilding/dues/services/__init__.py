"""Every write of dues goes through these functions."""

from .charges import Opened, dues_open_month, recharge_member
from .payments import PaymentItem, payments_record
from .records import dues_base_record, fixed_amount_set, relief_record

__all__ = [
    "Opened",
    "PaymentItem",
    "dues_base_record",
    "dues_open_month",
    "fixed_amount_set",
    "payments_record",
    "recharge_member",
    "relief_record",
]
