# ruff: noqa: E501  (one line per score: its meaning in the three languages side by side)
"""The shelters' path-to-autonomy assessment every installation starts with.

Eight domains, as the care plan's goals, each scored 1 (in crisis) to 5 (autonomous),
with what each score means. Administrators edit the wording and add other programmes'
forms in the admin; a data migration creates this one and tests restore it after a flush.
"""

from maksora.units import HOUSE_UNITS

TOOL_NAMES = ("Путь к самостоятельности", "Percorso verso l'autonomia", "Path to autonomy")

# code: (names ru/it/en, levels 1..5 as (ru, it, en))
DOMAINS = {
    "housing": (
        ("Жильё", "Casa", "Housing"),
        [
            ("Жить после приюта негде", "Nessun posto dove vivere dopo la casa", "Nowhere to live after the shelter"),
            ("Ищет жильё, вариантов нет", "Cerca casa, nessuna soluzione", "Looking, no option yet"),
            ("Есть временный вариант", "Ha una soluzione temporanea", "A temporary option"),
            (
                "Договор найма или очередь на жильё",
                "Contratto d'affitto o graduatoria",
                "A lease or a housing list place",
            ),
            (
                "Живёт в своём жилье и платит за него",
                "Vive in casa propria e la paga",
                "Lives in her own home and pays for it",
            ),
        ],
    ),
    "work": (
        ("Работа", "Lavoro", "Work"),
        [
            ("Не работает и не ищет", "Non lavora e non cerca", "Not working, not looking"),
            ("Ищет работу", "Cerca lavoro", "Looking for work"),
            ("Временная или неофициальная работа", "Lavoro saltuario o non regolare", "Casual or informal work"),
            ("Официальная работа, испытательный срок", "Lavoro regolare in prova", "Formal job on probation"),
            ("Стабильная официальная работа", "Lavoro regolare stabile", "Stable formal job"),
        ],
    ),
    "finances": (
        ("Финансы", "Finanze", "Finances"),
        [
            ("Нет дохода, долги", "Nessun reddito, debiti", "No income, debts"),
            (
                "Доход нерегулярный, пособия не оформлены",
                "Reddito irregolare, sussidi non richiesti",
                "Irregular income, benefits not claimed",
            ),
            ("Пособия оформлены, бюджета нет", "Sussidi ottenuti, nessun bilancio", "Benefits claimed, no budget"),
            ("Ведёт бюджет с помощью", "Gestisce il bilancio con aiuto", "Keeps a budget with help"),
            (
                "Сама ведёт бюджет, есть сбережения",
                "Gestisce da sola il bilancio, ha risparmi",
                "Keeps her own budget, has savings",
            ),
        ],
    ),
    "documents": (
        ("Документы", "Documenti", "Documents"),
        [
            ("Документов нет", "Nessun documento", "No papers"),
            ("Документы восстанавливаются", "Documenti in rifacimento", "Papers being replaced"),
            ("Часть документов есть", "Alcuni documenti", "Some papers"),
            (
                "Все документы есть, кроме регистрации",
                "Tutti i documenti tranne la residenza",
                "All papers but the registration",
            ),
            ("Все документы в порядке", "Tutti i documenti in ordine", "All papers in order"),
        ],
    ),
    "health": (
        ("Здоровье", "Salute", "Health"),
        [
            ("Нуждается в срочной помощи", "Ha bisogno di cure urgenti", "Needs urgent care"),
            ("Проблемы не лечатся", "Problemi non curati", "Problems left untreated"),
            ("Лечится с поддержкой", "Si cura con sostegno", "Treated with support"),
            (
                "Сама следит за здоровьем семьи",
                "Si occupa da sola della salute della famiglia",
                "Looks after the family's health herself",
            ),
            (
                "Здорова, дети под наблюдением врача",
                "In salute, i figli seguiti dal medico",
                "Healthy, the children under a doctor's care",
            ),
        ],
    ),
    "education": (
        ("Образование", "Istruzione", "Education"),
        [
            ("Дети не учатся", "I figli non vanno a scuola", "The children are out of school"),
            ("Учёба с частыми пропусками", "Frequenza con molte assenze", "Schooling with frequent absences"),
            (
                "Дети учатся, мать не вовлечена",
                "I figli studiano, la madre non è coinvolta",
                "The children attend, the mother not involved",
            ),
            ("Мать на связи со школой", "La madre segue la scuola", "The mother keeps in touch with the school"),
            (
                "Дети учатся, мать учится или повышает квалификацию",
                "I figli studiano, la madre si forma",
                "The children attend, the mother trains too",
            ),
        ],
    ),
    "parenting": (
        ("Родительство", "Genitorialità", "Parenting"),
        [
            ("Дети в опасности", "I figli sono in pericolo", "The children are at risk"),
            ("Уход нерегулярный", "Cura irregolare", "Care is irregular"),
            ("Уход с постоянной поддержкой", "Cura con sostegno costante", "Care with constant support"),
            ("Уход с редкой поддержкой", "Cura con sostegno occasionale", "Care with occasional support"),
            (
                "Самостоятельно заботится о детях",
                "Si prende cura dei figli da sola",
                "Cares for the children on her own",
            ),
        ],
    ),
    "relationships": (
        ("Отношения", "Relazioni", "Relationships"),
        [
            (
                "Одна, в опасности от бывшего партнёра",
                "Sola, in pericolo per l'ex partner",
                "Alone, at risk from a former partner",
            ),
            ("Одна, ни с кем не общается", "Sola, senza contatti", "Alone, no contacts"),
            ("Общается только с сотрудниками", "Ha contatti solo con gli operatori", "In touch with staff only"),
            ("Есть люди, к которым можно обратиться", "Ha persone a cui rivolgersi", "Has people to turn to"),
            ("Есть устойчивый круг поддержки", "Ha una rete di sostegno stabile", "Has a steady circle of support"),
        ],
    ),
}


def ensure_autonomy_tool(*, Tool, Domain, Level, Unit) -> None:
    """Create the path-to-autonomy form with its domains and levels where missing."""
    if Tool.objects.exists():
        return
    name_ru, name_it, name_en = TOOL_NAMES
    tool = Tool.objects.create(name_ru=name_ru, name_it=name_it, name_en=name_en)
    tool.units.set(Unit.objects.filter(code__in=HOUSE_UNITS))
    for position, (code, ((d_ru, d_it, d_en), levels)) in enumerate(DOMAINS.items()):
        domain = Domain.objects.create(
            tool=tool, code=code, name_ru=d_ru, name_it=d_it, name_en=d_en, goal_domain=code, position=position
        )
        Level.objects.bulk_create(
            Level(domain=domain, score=score, definition_ru=ru, definition_it=it, definition_en=en)
            for score, (ru, it, en) in enumerate(levels, start=1)
        )
