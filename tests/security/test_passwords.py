"""Passwords: at least 12 characters, not a common one; a reset link by e-mail."""

import re

import pytest
from django.contrib.auth.hashers import identify_hasher
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError

from tests.cases.factories import UserFactory

OLD_PASSWORD = "pass-for-tests-123"


def change_password(client, new):
    return client.post(
        "/accounts/password_change/",
        {"old_password": OLD_PASSWORD, "new_password1": new, "new_password2": new},
    )


def test_an_11_character_password_is_refused_and_12_are_accepted(as_user, golubka_worker):
    client = as_user(golubka_worker)

    short = change_password(client, "Kx7#mQ2vLp9")
    accepted = change_password(client, "Kx7#mQ2vLp9w")

    assert short.status_code == 200
    assert "at least 12 characters" in short.content.decode()
    assert accepted.status_code == 302


def test_a_common_password_is_refused_even_when_long_enough():
    with pytest.raises(ValidationError) as refused:
        validate_password("password1234")

    assert [error.code for error in refused.value.error_list] == ["password_too_common"]


def test_new_passwords_are_hashed_with_argon2(db, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.Argon2PasswordHasher"]
    user = UserFactory(username="fresh")
    user.set_password("Kx7#mQ2vLp9w")

    assert identify_hasher(user.password).algorithm == "argon2"


def test_the_login_page_links_to_password_reset(client):
    assert 'href="/accounts/password_reset/"' in client.get("/accounts/login/").content.decode()


def test_a_reset_link_is_mailed_and_sets_a_new_password(client, golubka_worker, mailoutbox, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    golubka_worker.email = "anna@example.org"
    golubka_worker.save()

    sent = client.post("/accounts/password_reset/", {"email": "anna@example.org"})

    assert sent.status_code == 302
    assert len(mailoutbox) == 1
    mail = mailoutbox[0]
    assert mail.to == ["anna@example.org"]
    assert mail.subject == "Maksora: choose a new password"
    link = re.search(r"http://testserver(/accounts/reset/\S+/)", mail.body).group(1)
    form_page = client.get(link, follow=True)
    assert form_page.context["validlink"]
    done = client.post(
        form_page.redirect_chain[-1][0], {"new_password1": "Kx7#mQ2vLp9w", "new_password2": "Kx7#mQ2vLp9w"}
    )
    assert done.status_code == 302
    golubka_worker.refresh_from_db()
    assert golubka_worker.check_password("Kx7#mQ2vLp9w")


def test_an_unknown_address_gets_the_same_answer_and_no_mail(client, golubka_worker, mailoutbox):
    response = client.post("/accounts/password_reset/", {"email": "nobody@example.org"})

    assert response.status_code == 302
    assert response["Location"] == "/accounts/password_reset/done/"
    assert mailoutbox == []


def test_a_used_reset_link_is_refused(client, golubka_worker, mailoutbox):
    golubka_worker.email = "anna@example.org"
    golubka_worker.save()
    client.post("/accounts/password_reset/", {"email": "anna@example.org"})
    link = re.search(r"http://testserver(/accounts/reset/\S+/)", mailoutbox[0].body).group(1)
    form_url = client.get(link, follow=True).redirect_chain[-1][0]
    client.post(form_url, {"new_password1": "Kx7#mQ2vLp9w", "new_password2": "Kx7#mQ2vLp9w"})

    again = client.get(link, follow=True)

    assert not again.context["validlink"]
    assert "no longer valid" in again.content.decode()
