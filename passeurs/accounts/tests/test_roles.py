import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from passeurs.accounts import services
from passeurs.accounts.models import Role


def test_a_coordinator_appoints_a_coordinator(coordinator, member):
    services.user_set_role(actor=coordinator, user=member, role=Role.COORDINATOR)

    member.refresh_from_db()
    assert member.role == Role.COORDINATOR
    assert member.is_staff


def test_a_person_cannot_make_themself_a_coordinator(member):
    with pytest.raises(PermissionDenied):
        services.user_set_role(actor=member, user=member, role=Role.COORDINATOR)

    member.refresh_from_db()
    assert member.role == Role.PROJECT_LEADER


def test_a_person_moves_themself_to_another_self_service_role(member):
    services.user_set_role(actor=member, user=member, role=Role.LOCAL_AGENT)

    member.refresh_from_db()
    assert member.role == Role.LOCAL_AGENT


def test_a_person_cannot_change_someone_elses_role(member, owner):
    with pytest.raises(PermissionDenied):
        services.user_set_role(actor=member, user=owner, role=Role.CIVIL_SERVANT)


def test_an_unknown_role_is_refused(coordinator, member):
    with pytest.raises(ValidationError):
        services.user_set_role(actor=coordinator, user=member, role="king")


def test_updating_a_profile_leaves_out_what_is_not_given(member):
    last_name = member.last_name

    services.user_update_profile(user=member, first_name="  Alix ", regions=[])

    member.refresh_from_db()
    assert member.first_name == "Alix"
    assert member.last_name == last_name


def test_updating_a_profile_refuses_invalid_values(member):
    with pytest.raises(ValidationError):
        services.user_update_profile(user=member, title="x" * 201)
