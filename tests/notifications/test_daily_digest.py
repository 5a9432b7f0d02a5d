"""The daily digest of a hand-built week: exactly what each of the cast is reminded of, once a day."""

from datetime import date

from django.core import mail
from django.core.management import call_command

from cases.models import CaseMember, Restriction
from notifications.digest import build_digest, send_daily_digests
from notifications.models import Notification, NotificationPreference
from tests.cases.factories import CaseFactory, PersonFactory, TaskFactory, UserFactory, unit
from tests.notifications.conftest import MONDAY, TUESDAY, at_morning, consented_case


def test_worker_is_reminded_of_her_overdue_task_thursdays_task_and_the_case_quiet_for_31_days(
    monday, week, golubka_worker
):
    digest = build_digest(golubka_worker, MONDAY)

    assert digest.keys == [
        f"task_overdue:{week['overdue'].pk}:2026-03-05",
        f"task_due:{week['thursday'].pk}:2026-03-12",
        f"quiet_case:{week['quiet'].pk}:2026-02-06",
    ]
    overdue, thursday, quiet = digest.items
    assert overdue.params == {"title": "Позвонить в школу", "case": week["recent"].number, "due_on": "2026-03-05"}
    assert thursday.url == f"/cases/{week['recent'].pk}/"
    assert quiet.params == {"case": week["quiet"].number, "since": "2026-02-06", "opened_on": "2026-01-15"}


def test_coordinator_of_two_units_gets_each_units_summary_with_links_to_the_lists(monday, week, coordinator):
    digest = build_digest(coordinator, MONDAY)

    assert digest.keys == [
        f"review_due:{week['local_case'].pk}:2026-03-01",
        f"unit_summary:{unit('golubka').pk}:2026-03-09",
        f"unit_summary:{unit('local').pk}:2026-03-09",
    ]
    golubka, local = digest.items[1:]
    assert golubka.params["counts"] == {"overdue_tasks": 2, "reviews_due": 0, "quiet_cases": 1}
    assert local.params["counts"] == {"overdue_tasks": 0, "reviews_due": 1, "quiet_cases": 0}
    assert golubka.params["links"]["quiet_cases"] == "/admin/cases/case/?unit=golubka&quiet=30"
    assert local.params["links"]["reviews_due"] == "/admin/cases/case/?unit=local&review=overdue"


def test_summary_links_open_lists_with_the_counted_records(monday, week, client, coordinator):
    golubka = build_digest(coordinator, MONDAY).items[1]
    client.force_login(coordinator)

    tasks = client.get(golubka.params["links"]["overdue_tasks"]).content.decode()
    cases = client.get(golubka.params["links"]["quiet_cases"]).content.decode()

    assert "Позвонить в школу" in tasks and "Справка из поликлиники" not in tasks
    assert week["quiet"].number in cases and week["recent"].number not in cases


def test_margarita_worker_gets_nothing_about_golubka(monday, week, margarita_worker):
    digest = build_digest(margarita_worker, MONDAY)

    assert digest.keys == [
        f"task_overdue:{week['margarita_task'].pk}:2026-03-06",
        f"quiet_case:{week['margarita_case'].pk}:-",
    ]
    assert {item.case_id for item in digest.items} == {week["margarita_case"].pk}


def test_the_number_of_days_is_the_units_own_setting(monday, week, golubka_worker):
    golubka = unit("golubka")
    golubka.quiet_days = 28
    golubka.save()

    keys = build_digest(golubka_worker, MONDAY).keys

    assert f"quiet_case:{week['recent'].pk}:2026-02-08" in keys
    assert f"quiet_case:{week['quiet'].pk}:2026-02-06" in keys


def test_sending_stores_the_day_and_mails_each_user_with_something_due_once(monday, week, golubka_worker, local_worker):
    sent = send_daily_digests(today=MONDAY)

    # The Golubka worker, the Margarita worker and the coordinator.
    assert sent == 3
    assert sorted(message.to[0] for message in mail.outbox) == [
        "coordinator@maksora.test",
        "golubka_worker@maksora.test",
        "margarita_worker@maksora.test",
    ]
    assert Notification.objects.filter(user=golubka_worker, day=MONDAY).count() == 3
    assert not Notification.objects.filter(user=local_worker).exists()


def test_the_email_names_case_numbers_never_people_and_its_subject_nothing_personal(monday, week, golubka_worker):
    send_daily_digests(today=MONDAY)

    (message,) = [m for m in mail.outbox if m.to == ["golubka_worker@maksora.test"]]
    html = message.alternatives[0][0]
    assert message.subject == "Максора: ваши напоминания на 09.03.2026"  # in Russian, her default
    assert week["quiet"].number in message.body and week["quiet"].number in html
    assert "Позвонить в школу" in message.body
    assert "Тихонова" not in message.body + html + message.subject
    assert "http://localhost:8000/cases/" in message.body
    assert message.extra_headers["Content-Language"] == "ru"


def test_the_email_goes_in_her_chosen_language(monday, week, golubka_worker):
    NotificationPreference.objects.create(user=golubka_worker, language="it")

    send_daily_digests(today=MONDAY)

    (message,) = [m for m in mail.outbox if m.to == ["golubka_worker@maksora.test"]]
    assert message.extra_headers["Content-Language"] == "it"


def test_user_with_nothing_due_gets_no_email_and_no_reminders(monday, cast_emails, local_worker):
    assert not build_digest(local_worker, MONDAY)

    assert send_daily_digests(today=MONDAY) == 0
    assert mail.outbox == []
    assert not Notification.objects.exists()


def test_user_who_opted_out_gets_the_reminders_on_the_site_but_no_email(monday, week, golubka_worker):
    NotificationPreference.objects.create(user=golubka_worker, email_digest=False)

    send_daily_digests(today=MONDAY)

    assert "golubka_worker@maksora.test" not in [m.to[0] for m in mail.outbox]
    assert Notification.objects.filter(user=golubka_worker, day=MONDAY).count() == 3


def test_running_twice_the_same_day_sends_once(monday, week, golubka_worker):
    assert send_daily_digests(today=MONDAY) == 3
    assert send_daily_digests(today=MONDAY) == 0

    assert len(mail.outbox) == 3
    assert Notification.objects.filter(user=golubka_worker).count() == 3


def test_next_day_the_still_overdue_task_appears_again_once(monday, week, golubka_worker):
    send_daily_digests(today=MONDAY)
    with at_morning(TUESDAY):
        send_daily_digests(today=TUESDAY)
        send_daily_digests(today=TUESDAY)

    key = f"task_overdue:{week['overdue'].pk}:2026-03-05"
    rows = Notification.objects.filter(user=golubka_worker, key=key)
    assert sorted(rows.values_list("day", flat=True)) == [MONDAY, TUESDAY]
    # Monday's copy gave way to Tuesday's: the unread count counts the task once.
    assert list(rows.unread().values_list("day", flat=True)) == [TUESDAY]
    assert len([m for m in mail.outbox if m.to == ["golubka_worker@maksora.test"]]) == 2


def test_a_restricted_person_she_is_not_named_for_is_never_in_her_digest(monday, golubka_worker):
    hidden = consented_case(unit=unit("golubka"), assigned_to=golubka_worker)
    TaskFactory(case=hidden, assigned_to=golubka_worker, due_on=date(2026, 3, 2))
    Restriction.objects.create(person=hidden.primary_person, reason="безопасность")
    shown = consented_case(unit=unit("golubka"), assigned_to=golubka_worker)
    hidden_child = PersonFactory(family_name="Скрытова")
    CaseMember.objects.create(case=shown, person=hidden_child, role="child")
    Restriction.objects.create(person=hidden_child, reason="безопасность")

    digest = build_digest(golubka_worker, MONDAY)

    assert hidden.pk not in {item.case_id for item in digest.items}
    assert hidden_child.pk not in {item.person_id for item in digest.items}
    assert hidden.primary_person.pk not in {item.person_id for item in digest.items}


def test_people_of_her_cases_without_consent_to_data_processing_are_listed(monday, golubka_worker):
    case = CaseFactory(unit=unit("golubka"), assigned_to=golubka_worker)
    child = PersonFactory()
    CaseMember.objects.create(case=case, person=child, role="child")
    case.notes.create(date=date(2026, 3, 1), kind="meeting", text="…", author=golubka_worker)

    digest = build_digest(golubka_worker, MONDAY)

    assert sorted(digest.keys) == sorted(
        [f"consent_missing:{case.primary_person.pk}:-", f"consent_missing:{child.pk}:-"]
    )
    assert {item.case_id for item in digest.items} == {case.pk}


def test_sponsorship_officer_is_reminded_of_yearly_updates_due(
    monday, cast_emails, sponsorship_officer, golubka_worker
):
    from tests.sponsorship.factories import CorrespondenceFactory

    late = CorrespondenceFactory(due_on=date(2026, 3, 1))
    CorrespondenceFactory(due_on=date(2026, 3, 20))
    CorrespondenceFactory(due_on=date(2026, 2, 1), sent_on=date(2026, 2, 1))

    assert build_digest(sponsorship_officer, MONDAY).keys == [f"yearly_update_due:{late.pk}:2026-03-01"]
    assert not build_digest(golubka_worker, MONDAY)


def test_command_sends_for_the_given_day_and_dry_run_sends_nothing(week, golubka_worker, capsys):
    with at_morning(TUESDAY):
        call_command("send_digests", "--date", "2026-03-09", "--dry-run")
        assert mail.outbox == [] and not Notification.objects.exists()
        call_command("send_digests", "--date", "2026-03-09")

    assert len(mail.outbox) == 3
    assert set(Notification.objects.values_list("day", flat=True)) == {MONDAY}
    assert "would send 3" in capsys.readouterr().out


def test_a_failed_delivery_is_tried_again_on_the_next_run(monday, week, settings, golubka_worker):
    UserFactory(username="no_mail", role="social_worker", units=["golubka"])
    settings.EMAIL_BACKEND = "tests.notifications.test_daily_digest.RefusingBackend"
    assert send_daily_digests(today=MONDAY) == 0
    assert not Notification.objects.exists()

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert send_daily_digests(today=MONDAY) == 3


class RefusingBackend:
    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        raise ConnectionRefusedError("mail server down")
