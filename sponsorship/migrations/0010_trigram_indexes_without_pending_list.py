import django.contrib.postgres.indexes
import django.db.models.functions.text
from django.db import migrations

# The sponsor search's trigram indexes without a pending list, as cases 0023 does for people:
# the planner prices a pending list as read whole by every scan, so after the sponsors were
# loaded (15,000 rows) the search by name or e-mail read the whole table instead.
INDEXES = ("sponsor_name_trgm", "sponsor_email_trgm")
FORWARD = "".join(
    f"ALTER INDEX {name} SET (fastupdate = off); SELECT gin_clean_pending_list('{name}'::regclass);"
    for name in INDEXES
)
BACKWARD = "".join(f"ALTER INDEX {name} RESET (fastupdate);" for name in INDEXES)


def upper_gin_index(field, name):
    opclass = django.contrib.postgres.indexes.OpClass(django.db.models.functions.text.Upper(field), name="gin_trgm_ops")
    return django.contrib.postgres.indexes.GinIndex(opclass, name=name, fastupdate=False)


class Migration(migrations.Migration):
    dependencies = [("sponsorship", "0009_labels_of_consent_texts_and_checklist")]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[migrations.RunSQL(FORWARD, BACKWARD)],
            state_operations=[
                migrations.RemoveIndex(model_name="sponsor", name="sponsor_name_trgm"),
                migrations.AddIndex(model_name="sponsor", index=upper_gin_index("name", "sponsor_name_trgm")),
                migrations.RemoveIndex(model_name="sponsor", name="sponsor_email_trgm"),
                migrations.AddIndex(model_name="sponsor", index=upper_gin_index("email", "sponsor_email_trgm")),
            ],
        )
    ]
