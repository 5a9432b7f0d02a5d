from django.db import migrations

UNIT_CODES = ("golubka", "margarita", "local", "distance")


def create_units_and_roles(apps, schema_editor):
    from maksora.roles import sync_role_groups

    Unit = apps.get_model("cases", "Unit")
    for code in UNIT_CODES:
        Unit.objects.get_or_create(code=code)
    sync_role_groups(apps)


def remove_units(apps, schema_editor):
    apps.get_model("cases", "Unit").objects.filter(code__in=UNIT_CODES, cases__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_units_and_roles, remove_units)]
