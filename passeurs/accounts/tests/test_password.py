import re

import pytest
from django.urls import reverse

from passeurs.accounts import throttle

NEW_PASSWORD = "un-nouveau-mot-de-passe-2025"


def reset_link(message) -> str:
    return re.search(r"https?://testserver(/\S+)", message.body).group(1)


def test_password_reset_sends_one_french_email_whose_link_sets_a_new_password(
    client, member, mailoutbox
):
    response = client.post(reverse("accounts:password_reset"), {"email": "Member@exemple.fr"})

    assert response.url == reverse("accounts:password_reset_done")
    assert len(mailoutbox) == 1
    message = mailoutbox[0]
    assert message.to == ["member@exemple.fr"]
    assert message.subject == "Passeurs : choisir un nouveau mot de passe"
    assert "Pour choisir un nouveau mot de passe, ouvrez ce lien" in message.body

    form_page = client.get(reset_link(message), follow=True)
    assert form_page.status_code == 200
    assert 'autocomplete="new-password"' in form_page.content.decode()
    set_url = form_page.redirect_chain[-1][0]
    done = client.post(set_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})

    assert done.url == reverse("accounts:password_reset_complete")
    member.refresh_from_db()
    assert member.check_password(NEW_PASSWORD)
    assert client.get(done.url).status_code == 200


def test_a_reset_link_works_only_once(client, member, mailoutbox):
    client.post(reverse("accounts:password_reset"), {"email": member.email})
    form_page = client.get(reset_link(mailoutbox[0]), follow=True)
    set_url = form_page.redirect_chain[-1][0]
    client.post(set_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})

    again = client.get(reset_link(mailoutbox[0]), follow=True)

    assert "Ce lien n’est plus valable" in again.content.decode()


@pytest.mark.django_db
def test_a_reset_for_an_unknown_address_sends_nothing_but_answers_the_same(client, mailoutbox):
    response = client.post(reverse("accounts:password_reset"), {"email": "inconnu@exemple.fr"})

    assert response.url == reverse("accounts:password_reset_done")
    assert mailoutbox == []


def test_a_password_reset_lifts_a_sign_in_suspension(client, member, mailoutbox, settings):
    settings.LOGIN_MAX_FAILURES = 1
    throttle.record_failure(email=member.email, ip="")
    assert throttle.is_throttled(email=member.email, ip="")

    client.post(reverse("accounts:password_reset"), {"email": member.email})
    form_page = client.get(reset_link(mailoutbox[0]), follow=True)
    set_url = form_page.redirect_chain[-1][0]
    client.post(set_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})

    assert not throttle.is_throttled(email=member.email, ip="")


def test_a_signed_in_person_changes_their_password(client, member, password):
    client.force_login(member)
    url = reverse("accounts:password_change")
    page = client.get(url).content.decode()
    assert 'autocomplete="current-password"' in page

    response = client.post(
        url,
        {
            "old_password": password,
            "new_password1": NEW_PASSWORD,
            "new_password2": NEW_PASSWORD,
        },
    )

    assert response.url == reverse("accounts:profile")
    member.refresh_from_db()
    assert member.check_password(NEW_PASSWORD)
    # Still signed in: the session follows the new password.
    assert client.get(reverse("accounts:profile")).status_code == 200


def test_changing_the_password_needs_the_current_one(client, member):
    client.force_login(member)

    response = client.post(
        reverse("accounts:password_change"),
        {
            "old_password": "pas-le-bon",
            "new_password1": NEW_PASSWORD,
            "new_password2": NEW_PASSWORD,
        },
    )

    assert response.status_code == 200
    assert 'role="alert"' in response.content.decode()
    member.refresh_from_db()
    assert not member.check_password(NEW_PASSWORD)


@pytest.mark.django_db
def test_changing_the_password_requires_signing_in(client):
    response = client.get(reverse("accounts:password_change"))

    assert response.url.startswith(reverse("accounts:login"))
