"""A person's household as one viewer may see it: her relatives in force, each read from her side.

Everything goes through `visible_to`: a relative appears only when the viewer sees both her and
the person of the page (RelationshipQuerySet), her cases only those of the viewer's units
(CaseMemberQuerySet), her Distance Support status as sponsorship.status words it for this
viewer (never the sponsor). No stay, house or bed is read: a family page is not where shelter
content travels between programmes.
"""

from dataclasses import dataclass, field
from datetime import date

from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from cases import choices
from cases.models import CaseMember, Person, Relationship
from sponsorship.status import SponsorshipStatus, sponsorship_statuses_for

# What the relative is to the person of the page, for "her"/"his" (the page person's sex); the
# context names the relationship, as one English word may need two in Russian or Italian.
_ROLES = {
    "mother": (pgettext_lazy("relative: mother", "her mother"), pgettext_lazy("relative: mother", "his mother")),
    "father": (pgettext_lazy("relative: father", "her father"), pgettext_lazy("relative: father", "his father")),
    "son": (pgettext_lazy("relative: son", "her son"), pgettext_lazy("relative: son", "his son")),
    "daughter": (
        pgettext_lazy("relative: daughter", "her daughter"),
        pgettext_lazy("relative: daughter", "his daughter"),
    ),
    "child": (pgettext_lazy("relative: child", "her child"), pgettext_lazy("relative: child", "his child")),
    "guardian": (
        pgettext_lazy("relative: guardian", "her guardian"),
        pgettext_lazy("relative: guardian", "his guardian"),
    ),
    "ward": (pgettext_lazy("relative: ward", "her ward"), pgettext_lazy("relative: ward", "his ward")),
    "brother": (pgettext_lazy("relative: brother", "her brother"), pgettext_lazy("relative: brother", "his brother")),
    "sister": (pgettext_lazy("relative: sister", "her sister"), pgettext_lazy("relative: sister", "his sister")),
    "sibling": (
        pgettext_lazy("relative: sibling", "her brother or sister"),
        pgettext_lazy("relative: sibling", "his brother or sister"),
    ),
    "partner": (pgettext_lazy("relative: partner", "her partner"), pgettext_lazy("relative: partner", "his partner")),
    "relative": (
        pgettext_lazy("relative: other", "her relative"),
        pgettext_lazy("relative: other", "his relative"),
    ),
}
# Parents and guardians first, then partners, children and wards, siblings, other relatives.
_ORDER = ("mother", "father", "guardian", "partner", "son", "daughter", "child", "ward")
_ORDER += ("brother", "sister", "sibling", "relative")


@dataclass
class HouseholdMember:
    person: Person
    role: str  # a key of _ROLES, "" for the person of the page
    phrase: str  # "her son Пётр, 6"
    age: int | None
    memberships: list[CaseMember] = field(default_factory=list)
    programme: SponsorshipStatus | None = None

    @property
    def is_page_person(self) -> bool:
        return not self.role


def relative_role(link: Relationship, person: Person) -> str:
    """What the other end of `link` is to `person`: "mother", "son", "sister"…"""
    relative = link.relative_of(person)
    relative_is_from = link.from_person_id == relative.pk
    male = relative.sex == choices.Sex.MALE
    kind = link.kind
    if kind in (choices.RelationshipKind.MOTHER, choices.RelationshipKind.FATHER):
        if relative_is_from:
            return kind
        if relative.sex:
            return "son" if male else "daughter"
        return "child"
    if kind == choices.RelationshipKind.GUARDIAN:
        return "guardian" if relative_is_from else "ward"
    if kind == choices.RelationshipKind.SIBLING:
        if relative.sex:
            return "brother" if male else "sister"
        return "sibling"
    if kind == choices.RelationshipKind.PARTNER:
        return "partner"
    return "relative"


def phrase_of(role: str, relative: Person, *, page_person: Person, age: int | None) -> str:
    her, his = _ROLES[role]
    words = his if page_person.sex == choices.Sex.MALE else her
    if age is None:
        return _("%(role)s %(name)s") % {"role": words, "name": relative.given_name}
    return _("%(role)s %(name)s, %(age)s") % {"role": words, "name": relative.given_name, "age": age}


def link_phrase(link: Relationship, person: Person, *, day: date) -> str:
    """`link` read from `person`'s page: "her son Пётр, 6" (never "mother of" and her own name)."""
    relative = link.relative_of(person)
    return phrase_of(relative_role(link, person), relative, page_person=person, age=relative.age_on(day))


def household_for(person: Person, user, *, day: date) -> list[HouseholdMember]:
    """The person of the page first, then each relative she may see with a link in force.

    Four queries whatever the family's size: the links, the case memberships, and the
    Distance Support statuses (two).
    """
    links = (
        Relationship.objects.visible_to(user)
        .in_force()
        .filter(Q(from_person=person) | Q(to_person=person))
        .select_related("from_person", "to_person")
        .order_by("id")
    )
    members = {person.pk: HouseholdMember(person=person, role="", phrase="", age=person.age_on(day))}
    for link in links:
        relative = link.relative_of(person)
        if relative.pk in members:
            continue  # two links to one relative (mother and guardian): the first one names her
        role = relative_role(link, person)
        age = relative.age_on(day)
        members[relative.pk] = HouseholdMember(
            person=relative, role=role, age=age, phrase=phrase_of(role, relative, page_person=person, age=age)
        )
    memberships = (
        CaseMember.objects.visible_to(user)
        .filter(person_id__in=members)
        .select_related("case__unit")
        .order_by("case__opened_on", "case_id")
    )
    for membership in memberships:
        members[membership.person_id].memberships.append(membership)
    statuses = sponsorship_statuses_for([member.person for member in members.values()], user, day=day)
    for person_id, status in statuses.items():
        members[person_id].programme = status
    page_person, *relatives = members.values()
    relatives.sort(key=lambda m: (_ORDER.index(m.role), m.person.birth_date or date.max, m.person.pk))
    return [page_person, *relatives]
