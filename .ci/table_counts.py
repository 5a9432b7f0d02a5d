"""Compare the row count of every table of two databases; exit 1 listing the tables that differ."""

import sys

import psycopg2


def counts(url: str) -> dict[str, int]:
    with psycopg2.connect(url) as conn, conn.cursor() as cursor:
        cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename")
        tables = [row[0] for row in cursor.fetchall()]
        result = {}
        for table in tables:
            cursor.execute(f'SELECT count(*) FROM "{table}"')
            result[table] = cursor.fetchone()[0]
        return result


source, target = (counts(url) for url in sys.argv[1:3])
differ = {t: (source.get(t), target.get(t)) for t in source.keys() | target.keys() if source.get(t) != target.get(t)}
if differ:
    for table, (a, b) in sorted(differ.items()):
        print(f"{table}: {a} before, {b} after the restore")
    sys.exit(1)
print(f"{len(source)} tables, {sum(source.values())} rows: equal after the restore")
