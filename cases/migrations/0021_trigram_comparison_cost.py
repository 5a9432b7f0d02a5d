from django.db import migrations

# pg_trgm declares its similarity operator (`%`) as cheap as `=`, so on a common name the
# planner rather compares every person than ask the trigram index; a comparison costs about
# a hundred simple operators (measured at 100,000 people: 2.6 µs a row). The functions belong
# to the extension's owner: without that right the migration leaves them and says so.
SET_COST = """
DO $$
BEGIN
    ALTER FUNCTION similarity_op(text, text) COST {cost};
    ALTER FUNCTION word_similarity_op(text, text) COST {cost};
EXCEPTION WHEN insufficient_privilege THEN
    RAISE NOTICE 'pg_trgm operators left at their declared cost (not their owner)';
END
$$;
"""


class Migration(migrations.Migration):
    dependencies = [("cases", "0020_case_number_prefix_index")]

    operations = [migrations.RunSQL(SET_COST.format(cost=100), SET_COST.format(cost=1))]
