"""Her reminder settings: e-mail on or off, and the e-mail's language."""

from django.urls import reverse

from notifications.models import NotificationPreference


def test_settings_are_reached_from_the_account_menu(client, golubka_worker):
    client.force_login(golubka_worker)

    page = client.get(reverse("home")).content.decode()

    assert reverse("notifications:preferences") in page


def test_she_turns_the_email_off_and_chooses_italian(client, golubka_worker):
    client.force_login(golubka_worker)
    assert client.get(reverse("notifications:preferences")).status_code == 200

    response = client.post(reverse("notifications:preferences"), {"language": "it"})

    assert response.status_code == 302
    preference = NotificationPreference.objects.get(user=golubka_worker)
    assert preference.email_digest is False and preference.language == "it"


def test_an_unknown_language_is_refused_with_the_form_kept(client, golubka_worker):
    client.force_login(golubka_worker)

    response = client.post(reverse("notifications:preferences"), {"email_digest": "on", "language": "xx"})

    assert response.status_code == 400
    assert not NotificationPreference.objects.exists()


def test_a_stale_form_is_refused(client, golubka_worker):
    client.force_login(golubka_worker)
    client.post(reverse("notifications:preferences"), {"email_digest": "on", "language": ""})
    page = client.get(reverse("notifications:preferences"))
    version = page.context["form"]["version"].value()
    client.post(reverse("notifications:preferences"), {"language": "it", "version": version})

    response = client.post(reverse("notifications:preferences"), {"language": "en", "version": version})

    assert response.status_code == 409
    assert NotificationPreference.objects.get(user=golubka_worker).language == "it"


def test_settings_of_one_user_never_touch_anothers(client, golubka_worker, margarita_worker):
    NotificationPreference.objects.create(user=margarita_worker, email_digest=True)
    client.force_login(golubka_worker)

    client.post(reverse("notifications:preferences"), {"language": "it"})

    assert NotificationPreference.objects.get(user=margarita_worker).email_digest is True


def test_account_without_a_role_is_refused_the_settings(client, outsider):
    client.force_login(outsider)

    assert client.get(reverse("notifications:preferences")).status_code == 403
