import pgtrigger.compiler
import pgtrigger.migrations
from django.db import migrations


class Migration(migrations.Migration):
    """The membership history triggers, now installed for maksora.UnitMembership (same tables)."""

    dependencies = [
        ('maksora', '0002_unit_from_cases'),
        ('cases', '0005_unit_moved_to_maksora'),
    ]

    operations = [
        pgtrigger.migrations.AddTrigger(
            model_name='unitmembership',
            trigger=pgtrigger.compiler.Trigger(name='unit_member_add_insert', sql=pgtrigger.compiler.UpsertTriggerSql(func='INSERT INTO "cases_unitmembershipevent" ("id", "pgh_context_id", "pgh_created_at", "pgh_label", "unit_id", "user_id") VALUES (NEW."id", _pgh_attach_context(), NOW(), \'unit_member.add\', NEW."unit_id", NEW."user_id"); RETURN NULL;', hash='f49574de9c71fb6b717533049514e91043c1c27e', operation='INSERT', pgid='pgtrigger_unit_member_add_insert_279d1', table='cases_unit_members', when='AFTER')),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name='unitmembership',
            trigger=pgtrigger.compiler.Trigger(name='unit_member_remove_delete', sql=pgtrigger.compiler.UpsertTriggerSql(func='INSERT INTO "cases_unitmembershipevent" ("id", "pgh_context_id", "pgh_created_at", "pgh_label", "unit_id", "user_id") VALUES (OLD."id", _pgh_attach_context(), NOW(), \'unit_member.remove\', OLD."unit_id", OLD."user_id"); RETURN NULL;', hash='30f4d8dbe8a7da4d2acab1aa92ac1e926b8669fb', operation='DELETE', pgid='pgtrigger_unit_member_remove_delete_3aa14', table='cases_unit_members', when='AFTER')),
        ),
    ]
