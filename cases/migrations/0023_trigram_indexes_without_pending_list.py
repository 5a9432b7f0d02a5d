import django.contrib.postgres.indexes
import django.db.models.functions.text
from django.db import migrations, models

# A GIN index with fastupdate keeps new entries in a pending list until a VACUUM merges them.
# The planner prices that list as read whole, four random pages each, by every index scan and
# by every branch of a search's BitmapOr: after some thousands of inserts (an import, or a
# quiet week below autovacuum's threshold) the name search read every person instead. Without
# the list each insert goes into the index itself (a few trigrams per person, cheap), and the
# plan depends on the statistics only. ALTER INDEX keeps the index; the list left is merged now.
INDEXES = ("person_name_key_trgm", "case_number_trgm")
FORWARD = "".join(
    f"ALTER INDEX {name} SET (fastupdate = off); SELECT gin_clean_pending_list('{name}'::regclass);"
    for name in INDEXES
)
BACKWARD = "".join(f"ALTER INDEX {name} RESET (fastupdate);" for name in INDEXES)


def gin_index(expression, name, **options):
    opclass = django.contrib.postgres.indexes.OpClass(expression, name="gin_trgm_ops")
    return django.contrib.postgres.indexes.GinIndex(opclass, name=name, **options)


class Migration(migrations.Migration):
    dependencies = [("cases", "0022_labels_of_consent_texts_and_checklist")]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[migrations.RunSQL(FORWARD, BACKWARD)],
            state_operations=[
                migrations.RemoveIndex(model_name="person", name="person_name_key_trgm"),
                migrations.AddIndex(
                    model_name="person", index=gin_index("name_key", "person_name_key_trgm", fastupdate=False)
                ),
                migrations.RemoveIndex(model_name="case", name="case_number_trgm"),
                migrations.AddIndex(
                    model_name="case",
                    index=gin_index(
                        django.db.models.functions.text.Upper("number"), "case_number_trgm", fastupdate=False
                    ),
                ),
            ],
        ),
        migrations.AddIndex(
            model_name="person",
            index=models.Index(django.db.models.functions.text.Upper("document_number"), name="person_document_number"),
        ),
    ]
