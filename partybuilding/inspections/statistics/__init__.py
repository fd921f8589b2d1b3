"""The inspection commissions' statistics (QĐ 885-QĐ/UBKTTW as far as it is known): the
reporting periods, the forms as data, their counting in one aggregate query per source, and
the narrative line of the provinces' reports."""
