#!/usr/bin/env bash
# Restore drill: seed a database, back it up (encrypted), restore it into a fresh one and
# check that nothing was lost: migrations, row counts per table, the yearly report's export
# byte for byte, and that the history triggers still fire.
set -euo pipefail
export PGOPTIONS="--client-min-messages=warning"
cd "$(dirname "$0")/.."
PY=.venv/bin/python
SERVER="${DRILL_SERVER:-postgres://postgres@127.0.0.1:5432}"
SOURCE=maksora_drill_source
TARGET=maksora_drill_target
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT

for db in "$SOURCE" "$TARGET"; do
  psql "$SERVER/postgres" -qX -c "DROP DATABASE IF EXISTS $db" -c "CREATE DATABASE $db" >/dev/null
done
export BACKUP_DIR="$WORK/backups"
age-keygen -o "$WORK/key.txt" 2>/dev/null
BACKUP_AGE_RECIPIENTS="$(age-keygen -y "$WORK/key.txt")"
export BACKUP_AGE_RECIPIENTS
year="$(date +%Y)"

t0=$(date +%s)
DATABASE_URL="$SERVER/$SOURCE" $PY manage.py migrate -v0
DATABASE_URL="$SERVER/$SOURCE" $PY manage.py seed_demo --people 400 >/dev/null
DATABASE_URL="$SERVER/$SOURCE" $PY manage.py report_export --year "$year" --user manager -o "$WORK/before.csv"
t1=$(date +%s)
dump="$(DATABASE_URL="$SERVER/$SOURCE" $PY manage.py backup)"
t2=$(date +%s)
DATABASE_URL="$SERVER/$TARGET" $PY manage.py restore "$dump" --identity "$WORK/key.txt" >/dev/null
t3=$(date +%s)
DATABASE_URL="$SERVER/$TARGET" $PY manage.py migrate --check >/dev/null
DATABASE_URL="$SERVER/$TARGET" $PY manage.py report_export --year "$year" --user manager -o "$WORK/after.csv"
cmp "$WORK/before.csv" "$WORK/after.csv"
$PY .ci/table_counts.py "$SERVER/$SOURCE" "$SERVER/$TARGET"
DATABASE_URL="$SERVER/$TARGET" $PY manage.py shell -c "
from cases.models import Person, PersonEvent
person = Person.objects.order_by('pk').first()
before = PersonEvent.objects.filter(pgh_obj=person).count()
person.phone = '+7 913 000-00-00'
person.save()
assert PersonEvent.objects.filter(pgh_obj=person).count() == before + 1, 'history trigger did not fire'
" >/dev/null
echo "restore drill: passed (seed $((t1 - t0)) s, backup $((t2 - t1)) s, restore $((t3 - t2)) s, $(stat -c %s "$dump") bytes)"
for db in "$SOURCE" "$TARGET"; do psql "$SERVER/postgres" -qX -c "DROP DATABASE IF EXISTS $db" >/dev/null; done
