from django.db import migrations


def create_document_types(apps, schema_editor):
    from cases.document_types import ensure_document_types

    ensure_document_types(DocumentType=apps.get_model("cases", "DocumentType"), Unit=apps.get_model("maksora", "Unit"))


def remove_unused_document_types(apps, schema_editor):
    apps.get_model("cases", "DocumentType").objects.filter(attachments__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("cases", "0014_add_document_types_and_paper_validity")]

    operations = [migrations.RunPython(create_document_types, remove_unused_document_types)]
