"""The document types every installation starts with (a data migration creates them; tests
restore them after a flush). Administrators edit, add and retire types in the admin.

Validity follows Russian practice: a passport's end depends on its holder's age (20, 45),
so it is typed from the paper; a medical certificate for a shelter and a school
certificate are asked for again each year.
"""

from dataclasses import dataclass

from maksora.units import HOUSE_UNITS, UnitCode

EVERYONE, ADULTS, MINORS = "everyone", "adults", "minors"


@dataclass(frozen=True)
class StartingType:
    code: str
    name_ru: str
    name_it: str
    name_en: str
    holder: str = EVERYONE
    # None: the end is typed from the paper (a passport) or the paper does not expire.
    validity_months: int | None = None
    required_in: frozenset = frozenset()


SHELTERS = frozenset(HOUSE_UNITS)
DOCUMENT_TYPES = [
    StartingType(
        "passport_ru",
        "Паспорт гражданина РФ",
        "Passaporto interno russo",
        "Russian passport",
        ADULTS,
        required_in=SHELTERS,
    ),
    StartingType(
        "birth_certificate",
        "Свидетельство о рождении",
        "Certificato di nascita",
        "Birth certificate",
        MINORS,
        required_in=SHELTERS | {UnitCode.DISTANCE},
    ),
    StartingType("snils", "СНИЛС", "SNILS (codice previdenziale)", "SNILS (insurance number)", required_in=SHELTERS),
    StartingType(
        "oms_policy", "Полис ОМС", "Polizza sanitaria OMS", "OMS health insurance policy", required_in=SHELTERS
    ),
    StartingType(
        "medical_certificate",
        "Медицинская справка",
        "Certificato medico",
        "Medical certificate",
        validity_months=12,
        required_in=SHELTERS,
    ),
    StartingType("custody_decision", "Решение об опеке", "Provvedimento di affidamento", "Custody decision"),
    StartingType(
        "school_certificate",
        "Справка из школы",
        "Certificato scolastico",
        "School certificate",
        MINORS,
        validity_months=12,
        required_in=frozenset({UnitCode.DISTANCE}),
    ),
    StartingType("consent_scan", "Подписанное согласие", "Consenso firmato", "Signed consent"),
    StartingType("other", "Другой документ", "Altro documento", "Other document"),
]


def ensure_document_types(*, DocumentType, Unit) -> None:
    """Create the starting types that are missing; an administrator's edits are left alone."""
    if DocumentType.objects.count() >= len(DOCUMENT_TYPES):
        return
    units = {unit.code: unit for unit in Unit.objects.all()}
    for position, starting in enumerate(DOCUMENT_TYPES):
        document_type, created = DocumentType.objects.get_or_create(
            code=starting.code,
            defaults={
                "name_ru": starting.name_ru,
                "name_it": starting.name_it,
                "name_en": starting.name_en,
                "validity_months": starting.validity_months,
                "holder": starting.holder,
                "position": position * 10,
            },
        )
        if created:
            document_type.required_in.set([units[code] for code in starting.required_in if code in units])
