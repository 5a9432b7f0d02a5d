"""The consent texts every installation starts with (a data migration creates them; tests restore them).

Administrators add newer versions in the admin; these first versions stay as signed.
"""

from datetime import date

FIRST_VERSION = "2025-09"
IN_FORCE_FROM = date(2025, 9, 1)

ORGANISATION_RU = "АНО «Максора» (г. Новосибирск)"

DEFAULT_TEXTS = {
    ("data_processing", "ru"): (
        "Я, {signer}, действуя {capacity}, в соответствии со статьёй 9 Федерального закона от 27.07.2006 "
        "№ 152-ФЗ «О персональных данных» свободно, своей волей и в своём интересе даю согласие "
        f"{ORGANISATION_RU} на обработку персональных данных субъекта — {{subject}}.\n"
        "Состав данных: фамилия, имя, отчество, дата рождения, гражданство, данные документа, "
        "удостоверяющего личность, адрес, телефон, сведения о "
        "семье, о социальном положении и об оказываемой помощи.\n"
        "Цель обработки: социальное сопровождение, предоставление временного проживания и иной помощи.\n"
        "Действия с данными: сбор, запись, систематизация, накопление, хранение, уточнение, использование, "
        "обезличивание, блокирование, удаление и уничтожение, с использованием средств автоматизации и без них.\n"
        "Согласие действует до достижения цели обработки или до его отзыва. Я могу отозвать согласие "
        "письменным заявлением; в этом случае персональные данные будут уничтожены в срок, не превышающий "
        "30 дней с даты поступления отзыва, если иное не предусмотрено законом."
    ),
    ("photos", "ru"): (
        "Я, {signer}, действуя {capacity}, даю согласие "
        f"{ORGANISATION_RU} на фото- и видеосъёмку субъекта — {{subject}} — и на использование изображений "
        "во внутренних материалах организации и в отчётах для спонсоров. Изображения не публикуются в "
        "открытом доступе без отдельного согласия. Согласие может быть отозвано письменным заявлением."
    ),
    ("share_with_sponsor", "ru"): (
        "Я, {signer}, действуя {capacity}, даю согласие "
        f"{ORGANISATION_RU} на трансграничную передачу персональных данных субъекта — {{subject}} "
        "(имя, возраст, сведения об учёбе и семье, фотографии, письма) получателю: {recipient}, "
        "Итальянская Республика, для целей программы поддержки на расстоянии: ежегодные отчёты и "
        "переписка со спонсором. Мне известно, что получатель находится за пределами Российской Федерации. "
        "Согласие может быть отозвано письменным заявлением."
    ),
    ("share_with_sponsor", "it"): (
        "Io sottoscritto/a, {signer}, in qualità di {capacity}, acconsento che "
        "ANO «Maksora» (Novosibirsk) trasferisca i dati personali di {subject} "
        "(nome, età, notizie sulla scuola e sulla famiglia, fotografie, lettere) al destinatario: {recipient}, "
        "in Italia, per il programma di sostegno a distanza: aggiornamenti annuali e corrispondenza con il "
        "sostenitore. Sono informato/a che il destinatario si trova fuori dalla Federazione Russa. "
        "Il consenso può essere revocato con una dichiarazione scritta."
    ),
    ("share_with_agency", "ru"): (
        "Я, {signer}, действуя {capacity}, даю согласие "
        f"{ORGANISATION_RU} на передачу персональных данных субъекта — {{subject}} — получателю: {{recipient}}, "
        "в объёме, необходимом для получения образовательных или социальных услуг и мер поддержки. "
        "Согласие может быть отозвано письменным заявлением."
    ),
}


def ensure_consent_texts(ConsentText) -> None:
    """Create the first version of each default text where it is missing (idempotent).

    `ConsentText` is the model class (the migration passes its historical one).
    """
    for (purpose, language), body in DEFAULT_TEXTS.items():
        ConsentText.objects.get_or_create(
            purpose=purpose,
            language=language,
            version_label=FIRST_VERSION,
            defaults={"body": body, "in_force_from": IN_FORCE_FROM},
        )
