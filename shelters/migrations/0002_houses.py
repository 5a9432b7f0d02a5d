from django.db import migrations

HOUSES = {"golubka": "Дом «Голубка»", "margarita": "Дом «Маргарита»"}


def create_houses(apps, schema_editor):
    Unit = apps.get_model("cases", "Unit")
    House = apps.get_model("shelters", "House")
    for code, name in HOUSES.items():
        House.objects.get_or_create(unit=Unit.objects.get(code=code), defaults={"name": name})


def remove_houses(apps, schema_editor):
    apps.get_model("shelters", "House").objects.filter(rooms__isnull=True, stays__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("shelters", "0001_initial"), ("cases", "0002_units_and_roles")]

    operations = [migrations.RunPython(create_houses, remove_houses)]
