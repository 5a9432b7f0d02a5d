import django.db.models.deletion
import pgtrigger.migrations
from django.db import migrations, models


class Migration(migrations.Migration):
    """Units now live in maksora (0002): the foreign keys follow, in the state only (same table).

    The old membership triggers are dropped here (maksora 0003 installs them for the moved
    proxy); the models leave the cases state without touching their tables.
    """

    dependencies = [
        ('cases', '0004_track_memberships_history'),
        ('maksora', '0002_unit_from_cases'),
        ('shelters', '0005_house_unit_in_maksora'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name='caseevent',
                    name='unit',
                    field=models.ForeignKey(db_constraint=False, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', related_query_name='+', to='maksora.unit', verbose_name='unit'),
                ),
                migrations.AlterField(
                    model_name='casenumbercounter',
                    name='unit',
                    field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, to='maksora.unit'),
                ),
                migrations.AlterField(
                    model_name='case',
                    name='unit',
                    field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='cases', to='maksora.unit', verbose_name='unit'),
                ),
            ],
        ),
        pgtrigger.migrations.RemoveTrigger(
            model_name='unitmembership',
            name='unit_member_add_insert',
        ),
        pgtrigger.migrations.RemoveTrigger(
            model_name='unitmembership',
            name='unit_member_remove_delete',
        ),
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(name='UnitMembershipEvent'),
                migrations.DeleteModel(name='UnitMembership'),
                migrations.DeleteModel(name='Unit'),
            ],
        ),
    ]
