from django.db import migrations

from privacy.retention_defaults import DEFAULT_RETENTION


def create_defaults(apps, schema_editor):
    Unit = apps.get_model("maksora", "Unit")
    RetentionPolicy = apps.get_model("privacy", "RetentionPolicy")
    for unit in Unit.objects.filter(code__in=DEFAULT_RETENTION):
        years, counted_from = DEFAULT_RETENTION[unit.code]
        RetentionPolicy.objects.get_or_create(unit=unit, defaults={"years": years, "counted_from": counted_from})


class Migration(migrations.Migration):
    dependencies = [
        ("privacy", "0001_destruction_acts_holds_and_retention"),
    ]

    operations = [migrations.RunPython(create_defaults, migrations.RunPython.noop)]
