"""Demo data of this app, called by `manage.py seed_demo` (idempotent).

About thirty children enrolled in the Distance Support Program (children of the demo
distance cases first, new children of the registry when there are too few), twenty
Italian sponsors, sponsorships (a few reassigned), yearly contributions, and yearly
updates: last year's mostly sent, this year's due, some overdue. About half the children
have a consent to photos. Everything goes through the same services as the pages; once
any child is enrolled the program is left alone.
"""

import io
from datetime import date, timedelta
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from cases.consents import is_minor_on, representatives_of
from cases.models import Case, Person
from cases.services import case_member_add, consent_give, relationship_add
from maksora import demo_names
from sponsorship import choices, services
from sponsorship.models import ChecklistItemType, Correspondence, SponsoredChild, Sponsorship

CHILDREN = 30
AWAITING = 6
SPONSORS = (
    ("family", "Famiglia Rossi", "Milano"),
    ("family", "Famiglia Bianchi", "Bergamo"),
    ("individual", "Giulia Ferrari", "Brescia"),
    ("family", "Famiglia Esposito", "Napoli"),
    ("individual", "Marco Colombo", "Monza"),
    ("group", "Parrocchia San Giuseppe", "Cesena"),
    ("family", "Famiglia Ricci", "Bologna"),
    ("individual", "Chiara Romano", "Torino"),
    ("family", "Famiglia Gallo", "Verona"),
    ("group", "Classe 5B Scuola Manzoni", "Lecco"),
    ("individual", "Luca Conti", "Padova"),
    ("family", "Famiglia De Luca", "Roma"),
    ("individual", "Francesca Mancini", "Firenze"),
    ("family", "Famiglia Costa", "Genova"),
    ("group", "Gruppo Amici di Novosibirsk", "Rimini"),
    ("individual", "Paolo Giordano", "Parma"),
    ("family", "Famiglia Rizzo", "Como"),
    ("individual", "Elena Lombardi", "Varese"),
    ("family", "Famiglia Moretti", "Cremona"),
    ("individual", "Anna Barbieri", "Forlì"),
)
SCHOOLS = ("School No. 94", "School No. 12", "Lyceum No. 9", "Gymnasium No. 3", "School No. 154")
YEARLY_AMOUNTS = (Decimal("312.00"), Decimal("250.50"), Decimal("156.00"), Decimal("400.00"))


def _sponsors(by, rng):
    sponsors = []
    for number, (kind, name, city) in enumerate(SPONSORS, start=1):
        slug = name.split()[-1].lower()
        sponsors.append(
            services.sponsor_save(
                by=by,
                kind=kind,
                name=name,
                country="IT",
                language="it",
                avsi_code=f"IT-AVSI-{number:04d}",
                email=f"{slug}{number}@example.it",
                phone=f"+39 0{rng.randint(2, 9)} {rng.randint(100, 999)} {rng.randint(1000, 9999)}",
                address=f"Via {rng.choice(('Roma', 'Garibaldi', 'Mazzini', 'Dante', 'Verdi'))} {number}, {city}",
            )
        )
    return sponsors


def _candidates(today, rng):
    """School-aged children of the demo distance cases, then new children when too few."""
    people = list(
        Person.objects.filter(
            memberships__case__unit__code="distance",
            memberships__role="child",
            sponsored_child__isnull=True,
            birth_date__lte=today - timedelta(days=7 * 365),
            birth_date__gte=today - timedelta(days=16 * 365),
        )
        .distinct()
        .order_by("pk")[:CHILDREN]
    )
    while len(people) < CHILDREN:
        sex = rng.choice("FM")
        people.append(
            {
                "family_name": demo_names.family_name(rng.choice(demo_names.FAMILY_ROOTS), sex),
                "given_name": rng.choice(demo_names.FEMALE_GIVEN if sex == "F" else demo_names.MALE_GIVEN),
                "sex": sex,
                "birth_date": today - timedelta(days=rng.randint(7 * 365, 15 * 365)),
                "district": rng.choice(("lenin", "krasnozyorsk")),
            }
        )
    return people


def _photo(rng) -> SimpleUploadedFile:

    buffer = io.BytesIO()
    Image.new("RGB", (320, 240), tuple(rng.randint(80, 220) for _ in range(3))).save(buffer, format="JPEG")
    return SimpleUploadedFile("photo.jpg", buffer.getvalue(), content_type="image/jpeg")


def _contributions(sponsorship, today, rng, by):
    amount = rng.choice(YEARLY_AMOUNTS)
    last = sponsorship.last_day or today
    for year in range(sponsorship.period.lower.year, last.year + 1):
        received_on = min(date(year, rng.randint(2, 11), rng.randint(1, 28)), today)
        if received_on < sponsorship.period.lower:
            continue
        services.contribution_record(
            sponsorship=sponsorship,
            period_year=year,
            amount=amount,
            received_on=received_on,
            reference=f"DEMO-{sponsorship.child.avsi_code}-{sponsorship.sponsor.avsi_code}-{year}",
            by=by,
        )


def _yearly_updates(today, rng, by):
    """Last year's updates mostly sent; this year's due at its end, a few already overdue."""
    last_year = today.year - 1
    services.yearly_updates_schedule(year=last_year, due_on=date(last_year, 11, 30), by=by)
    for item in Correspondence.objects.filter(due_on__year=last_year).select_related("sponsorship__child__person"):
        person = item.sponsorship.child.person
        sent_on = item.due_on - timedelta(days=rng.randint(0, 20)) if rng.random() < 0.8 else None
        with_photo = person.has_consent("photos", on=sent_on or item.due_on)
        services.correspondence_update(
            correspondence=item,
            text=f"Cari amici, {person.given_name} sta bene e va volentieri a scuola.",
            photo=_photo(rng) if with_photo else None,
            translation_status=choices.TranslationStatus.DONE,
            by=by,
        )
        if sent_on:
            services.correspondence_checklist_set(
                correspondence=item, ticked=ChecklistItemType.objects.applying_to(item.kind), by=by
            )
            services.correspondence_mark_sent(correspondence=item, sent_on=sent_on, by=by)
    services.yearly_updates_schedule(year=today.year, due_on=date(today.year, 12, 1), by=by)
    overdue_on = max(date(today.year, 1, 1), today - timedelta(days=10))
    for item in Correspondence.objects.filter(due_on=date(today.year, 12, 1)).order_by("pk")[:3]:
        services.correspondence_update(correspondence=item, due_on=overdue_on, by=by)


def _representative(child, rng, by) -> Person:
    """The child's mother in the registry, registered with her in the distance case when missing."""
    for mother in representatives_of(child.person):
        if not is_minor_on(mother, child.enrolled_on):
            return mother
    case = Case.objects.open().filter(unit__code="distance", memberships__person=child.person).first()
    mother = case_member_add(
        case=case,
        by=by,
        person_fields={
            "family_name": demo_names.family_name(rng.choice(demo_names.FAMILY_ROOTS), "F"),
            "given_name": rng.choice(demo_names.FEMALE_GIVEN),
            "sex": "F",
            "birth_date": child.person.birth_date - timedelta(days=rng.randint(20 * 365, 35 * 365)),
        },
        role="mother",
        mother_link=False,
    )
    relationship_add(from_person=mother, to_person=child.person, kind="mother", by=by)
    return mother


def _consents(child, rng, by) -> None:
    """Her mother signs processing and transfer to the sponsor; half of them photos too."""
    mother = _representative(child, rng, by)
    purposes = ["data_processing", "share_with_sponsor"] + (["photos"] if rng.random() < 0.5 else [])
    for purpose in purposes:
        consent_give(person=child.person, purpose=purpose, given_on=child.enrolled_on, signed_by=mother, by=by)


# What AVSI asks with each yearly update: configuration the officers change in the admin.
CHECKLIST = (("Фото ребёнка", False), ("Школьный табель", True), ("Письмо ребёнка спонсору", True))


def _checklist_types() -> None:
    for position, (name, required) in enumerate(CHECKLIST):
        ChecklistItemType.objects.get_or_create(name=name, defaults={"required": required, "position": position})


def seed(*, rng, users) -> None:
    if SponsoredChild.objects.exists():
        return
    _checklist_types()
    officer = users["sponsorship"]
    today = timezone.localdate()
    sponsors = _sponsors(officer, rng)
    children = []
    for number, person in enumerate(_candidates(today, rng), start=1):
        child = services.child_enrol(
            person=person,
            avsi_code=f"RU-NSK-{number:04d}",
            school=rng.choice(SCHOOLS),
            grade=str(rng.randint(1, 9)),
            living_situation=rng.choice(choices.LivingSituation.values),
            enrolled_on=today - timedelta(days=rng.randint(60, 3 * 365)),
            by=officer,
        )
        _consents(child, rng, officer)
        children.append(child)
    for number, child in enumerate(children[AWAITING:]):
        start = child.enrolled_on + timedelta(days=rng.randint(0, 40))
        services.sponsorship_start(child=child, sponsor=sponsors[number % len(sponsors)], start=start, by=officer)
        if number % 8 == 0 and (today - start).days > 200:
            # A sponsor who withdrew: the child is reassigned to another one.
            later = start + timedelta(days=rng.randint(100, (today - start).days - 1))
            services.sponsorship_start(
                child=child, sponsor=sponsors[(number + 7) % len(sponsors)], start=later, by=officer
            )
    for sponsorship in Sponsorship.objects.select_related("child", "sponsor").order_by("pk"):
        _contributions(sponsorship, today, rng, officer)
    _yearly_updates(today, rng, officer)
