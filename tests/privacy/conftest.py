import pytest
from django.db import connection

from tests.cases.factories import UserFactory
from tests.privacy.factories import SENTINEL_DOCUMENT, retention_policies, sentinel_family


@pytest.fixture
def private_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def privacy_coordinator(db):
    """Coordinator of Golubka House, Local services and Distance support: every unit of the sentinel family."""
    return UserFactory(username="privacy_coordinator", role="coordinator", units=["golubka", "local", "distance"])


@pytest.fixture
def family(db, privacy_coordinator, private_media):
    """The sentinel family, written by the coordinator of all its units."""
    retention_policies()
    return sentinel_family(author=privacy_coordinator)


SEARCHED = ("сентинелов", "sentinelov", "555-12-34", SENTINEL_DOCUMENT)


def tables_mentioning(words=SEARCHED) -> list[str]:
    """Every text, varchar and JSON column of every table that contains one of `words` ("table.column")."""
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT c.table_name, c.column_name FROM information_schema.columns c
            JOIN information_schema.tables t ON t.table_name = c.table_name AND t.table_schema = c.table_schema
            WHERE c.table_schema = 'public' AND t.table_type = 'BASE TABLE'
              AND c.data_type IN ('text', 'character varying', 'character', 'json', 'jsonb', 'ARRAY')
            """
        )
        columns = cursor.fetchall()
        found = []
        patterns = [f"%{word}%" for word in words]
        for table, column in columns:
            cursor.execute(f'SELECT 1 FROM "{table}" WHERE "{column}"::text ILIKE ANY(%s) LIMIT 1', [patterns])
            if cursor.fetchone():
                found.append(f"{table}.{column}")
    return found
