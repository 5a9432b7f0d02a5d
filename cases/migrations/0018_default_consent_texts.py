from django.db import migrations


def create_texts(apps, schema_editor):
    from cases.reference_data import ensure_consent_texts

    ensure_consent_texts(apps.get_model("cases", "ConsentText"))


def remove_texts(apps, schema_editor):
    from cases.reference_data import DEFAULT_TEXTS, FIRST_VERSION

    ConsentText = apps.get_model("cases", "ConsentText")
    for purpose, language in DEFAULT_TEXTS:
        ConsentText.objects.filter(
            purpose=purpose, language=language, version_label=FIRST_VERSION, consents__isnull=True
        ).delete()


class Migration(migrations.Migration):
    dependencies = [("cases", "0017_consent_documents")]

    operations = [migrations.RunPython(create_texts, remove_texts)]
