"""Every committed write to a table the report reads moves reports_dataversion on (reports.cache).

A constraint trigger deferred to the commit, once per transaction (a transaction-local
flag): writers queue no lock on the counter until they commit. Tables are those of the
apps the report reads, less their history tables; tests/reports/test_report_cache.py checks
that every such table has the trigger, so a new model cannot be forgotten.
"""

from django.db import migrations

FUNCTION = """
CREATE OR REPLACE FUNCTION reports_data_changed() RETURNS trigger AS $$
BEGIN
    IF current_setting('reports.data_changed', true) IS DISTINCT FROM 'on' THEN
        -- An upsert: a flushed database (transactional tests) has lost the row.
        INSERT INTO reports_dataversion (id, version) VALUES (1, 1)
        ON CONFLICT (id) DO UPDATE SET version = reports_dataversion.version + 1;
        PERFORM set_config('reports.data_changed', 'on', true);
    END IF;
    RETURN NULL;
END
$$ LANGUAGE plpgsql;
"""
TRIGGER = """
CREATE CONSTRAINT TRIGGER reports_data_changed AFTER INSERT OR UPDATE OR DELETE ON {table}
DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION reports_data_changed();
"""
READ_APPS = ("cases", "shelters", "sponsorship", "assessments", "maksora")
SKIPPED = {"maksora_accessrecord", "maksora_accessalert"}  # the access log is not a figure


def report_tables(apps) -> list[str]:
    tables = set()
    for label in READ_APPS:
        for model in apps.get_app_config(label).get_models():
            if model._meta.managed and not model._meta.proxy and "pgh_id" not in {f.name for f in model._meta.fields}:
                tables.add(model._meta.db_table)
                for field in model._meta.local_many_to_many:
                    tables.add(field.remote_field.through._meta.db_table)
    return sorted(tables - SKIPPED)


def create(apps, schema_editor):
    DataVersion = apps.get_model("reports", "DataVersion")
    DataVersion.objects.get_or_create(pk=1)
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(FUNCTION)
        for table in report_tables(apps):
            cursor.execute(TRIGGER.format(table=schema_editor.quote_name(table)))


def drop(apps, schema_editor):
    with schema_editor.connection.cursor() as cursor:
        for table in report_tables(apps):
            cursor.execute(f"DROP TRIGGER IF EXISTS reports_data_changed ON {schema_editor.quote_name(table)}")
        cursor.execute("DROP FUNCTION IF EXISTS reports_data_changed()")


class Migration(migrations.Migration):
    dependencies = [
        ("reports", "0003_computed_reports_and_data_version"),
        ("cases", "0021_trigram_comparison_cost"),
        ("shelters", "0008_readable_field_labels"),
        ("sponsorship", "0008_code_and_email_search_indexes"),
        ("maksora", "0006_unit_quiet_days"),
        ("assessments", "0002_path_to_autonomy_form"),
    ]

    operations = [migrations.RunPython(create, drop)]
