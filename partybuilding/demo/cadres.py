"""The demo province's cadre work (step 13 of the load): the posts and who holds them
(`cadre_posts`), their courses (`cadre_training`), the plannings of the 2030–2035 term
approved early this year (`cadre_planning`), the rotations, the periodic change and the
appointments in every state (`cadre_decisions`), the province's yearly review at the end of
the year, and a planned cadre disciplined since (the automatic exit)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from partybuilding.organizations.models import Organization

from . import cadre_decisions, cadre_planning, cadre_posts, cadre_training


def load(province: Organization, communes: list[Organization], today: dt.date, *, officer: Any, commune_officer: Any) -> int:
    """Every cadre record of the demo, in the order the work happened; returns how many records."""
    staff = cadre_posts.Staff(today, province, communes)
    people = cadre_posts.People(today)
    made = cadre_posts.posts_and_holders(staff, people, officer, commune_officer)
    made += cadre_training.load(staff, officer)
    made += cadre_planning.approve(staff, officer=officer, commune_officer=commune_officer)
    made += cadre_decisions.load(staff, people, officer=officer, commune_officer=commune_officer)
    made += cadre_planning.review(staff, officer=officer)
    made += cadre_planning.discipline_a_planned_cadre(staff, officer=officer)
    return made


__all__ = ["load"]
