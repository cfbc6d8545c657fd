from unittest import mock

import pytest
from django.urls import reverse

from passeurs.accounts import throttle
from passeurs.accounts.tests.factories import UserFactory

LOGIN = reverse("accounts:login")
THROTTLED = "Trop de tentatives de connexion ont échoué."


@pytest.fixture(autouse=True)
def small_limits(settings):
    settings.LOGIN_MAX_FAILURES = 3
    settings.LOGIN_FAILURE_WINDOW = 600


@pytest.fixture
def clock():
    """Moves the throttle's clock by hand instead of sleeping."""
    now = [1_000_000.0]
    with mock.patch.object(throttle, "_now", lambda: now[0]):
        yield now


def fail(client, email, times, ip="127.0.0.1"):
    for _ in range(times):
        response = client.post(LOGIN, {"username": email, "password": "pas-le-bon"}, REMOTE_ADDR=ip)
        assert response.status_code == 200
    return response


def test_the_right_password_is_refused_after_too_many_failures_on_the_address(
    client, member, password, clock
):
    fail(client, member.email, 3)

    response = client.post(LOGIN, {"username": member.email, "password": password})

    assert response.status_code == 429
    assert response["Retry-After"] == "600"
    assert THROTTLED in response.content.decode()
    assert "10 minutes" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_the_address_is_throttled_whatever_client_address_it_comes_from(
    client, member, password, clock
):
    for index in range(3):
        fail(client, member.email, 1, ip=f"192.0.2.{index}")

    response = client.post(
        LOGIN, {"username": member.email, "password": password}, REMOTE_ADDR="198.51.100.7"
    )

    assert response.status_code == 429


def test_a_client_address_with_too_many_failures_is_throttled_for_every_account(
    client, member, password, clock
):
    for index in range(3):
        fail(client, f"personne{index}@exemple.fr", 1, ip="203.0.113.9")

    response = client.post(
        LOGIN, {"username": member.email, "password": password}, REMOTE_ADDR="203.0.113.9"
    )
    elsewhere = client.post(
        LOGIN, {"username": member.email, "password": password}, REMOTE_ADDR="203.0.113.10"
    )

    assert response.status_code == 429
    assert elsewhere.status_code == 302


def test_a_throttled_attempt_does_not_even_check_the_password(client, member, password, clock):
    fail(client, member.email, 3)

    with mock.patch("django.contrib.auth.forms.authenticate") as authenticate:
        client.post(LOGIN, {"username": member.email, "password": password})

    authenticate.assert_not_called()


def test_the_throttle_lifts_once_the_window_has_passed(client, member, password, clock):
    fail(client, member.email, 3)
    clock[0] += 599
    assert client.post(LOGIN, {"username": member.email, "password": password}).status_code == 429

    clock[0] += 2
    response = client.post(LOGIN, {"username": member.email, "password": password})

    assert response.status_code == 302


def test_failures_older_than_the_window_do_not_count(client, member, password, clock):
    fail(client, member.email, 2)
    clock[0] += 601
    fail(client, member.email, 2)

    response = client.post(LOGIN, {"username": member.email, "password": password})

    assert response.status_code == 302


def test_a_successful_sign_in_clears_the_failures_on_the_address(client, member, password, clock):
    fail(client, member.email, 2)
    assert client.post(LOGIN, {"username": member.email, "password": password}).status_code == 302
    client.post(reverse("accounts:logout"))

    # Two more failures, from another client address, do not reach the limit of three.
    fail(client, member.email, 2, ip="192.0.2.50")
    response = client.post(
        LOGIN, {"username": member.email, "password": password}, REMOTE_ADDR="192.0.2.51"
    )

    assert response.status_code == 302


def test_the_address_counter_ignores_case(client, member, password, clock):
    fail(client, member.email.upper(), 3)

    assert throttle.is_throttled(email=member.email, ip="")


def test_throttling_one_address_leaves_other_accounts_alone(client, member, password, clock):
    other = UserFactory(email="autre@exemple.fr")
    fail(client, member.email, 3)

    response = client.post(
        LOGIN, {"username": other.email, "password": password}, REMOTE_ADDR="192.0.2.99"
    )

    assert response.status_code == 302


def test_the_client_address_comes_from_the_configured_proxy_header(rf, settings):
    settings.LOGIN_CLIENT_IP_HEADER = "HTTP_X_FORWARDED_FOR"
    request = rf.get("/", HTTP_X_FORWARDED_FOR="203.0.113.1, 198.51.100.2")

    assert throttle.client_ip(request) == "198.51.100.2"


def test_the_client_address_is_the_remote_address_by_default(rf):
    request = rf.get("/", HTTP_X_FORWARDED_FOR="203.0.113.1", REMOTE_ADDR="192.0.2.3")

    assert throttle.client_ip(request) == "192.0.2.3"
