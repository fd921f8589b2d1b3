"""Every scoped model declares what the scope kernel reads of it (`core.scope.Scoped`)."""

from __future__ import annotations

import pytest
from django.apps import apps
from django.core.exceptions import PermissionDenied
from django.http import Http404

from partybuilding.core.scope import Action, Scoped, organization_of, visible_or_404
from partybuilding.members.models import Member

from .conftest import Personas, Tree
from .members_factories import make_member

SCOPED = [model for model in apps.get_models() if issubclass(model, Scoped)]


def test_the_scoped_models_are_found() -> None:
    assert {model._meta.label for model in SCOPED} >= {"organizations.Organization", "members.Member", "meetings.Meeting"}


@pytest.mark.parametrize("model", SCOPED, ids=lambda model: model._meta.label)
def test_a_scoped_model_names_its_paths_and_the_way_to_its_organization(model: type[Scoped]) -> None:
    field_names = {field.name for field in model._meta.get_fields()}
    for path in model.scope_paths:
        assert path.split("__")[0] in field_names, f"{model._meta.label}: {path}"
    lookup = getattr(model, "organization_lookup", None)
    assert lookup is not None, f"{model._meta.label} names no organization_lookup"
    assert lookup == "pk" or lookup.split("__")[0] in field_names


@pytest.mark.django_db
def test_a_visible_record_without_the_action_is_refused_and_one_outside_the_scope_is_missing(tree: Tree, people: Personas) -> None:
    member = make_member(tree.X1)
    assert organization_of(member) == tree.X1
    assert visible_or_404(Member, people.commune_officer, member.pk, Action.MANAGE_MEMBERS) == member
    with pytest.raises(PermissionDenied):  # a reader of the province's records: sees it, may not change it
        visible_or_404(Member, people.viewer, member.pk, Action.MANAGE_MEMBERS)
    with pytest.raises(Http404):  # the sibling commune's officer: as if it did not exist
        visible_or_404(Member, people.outsider, member.pk, Action.MANAGE_MEMBERS)
