"""Compress stored release JSON with LZ4 rather than pglz on PostgreSQL.

Releases and compiled releases are a few kilobytes of JSON each, so PostgreSQL compresses
every one into TOAST. pglz took most of the server's time in a COPY of 20,000 releases
(2.5 s against 1.1 s with LZ4, for 42 MB against 44 MB on disk). Only new values are
compressed the new way; LZ4 needs PostgreSQL 14+ built with it (Debian's is), and a server
without it keeps pglz. Nothing to do on SQLite.
"""

from django.db import DatabaseError, migrations, transaction

COLUMNS = [("commercial_release", "data"), ("commercial_compiledrelease", "data")]


def set_compression(method: str):
    def apply(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        for table, column in COLUMNS:
            try:
                with transaction.atomic(using=schema_editor.connection.alias):
                    schema_editor.execute(
                        f'ALTER TABLE "{table}" ALTER COLUMN "{column}" SET COMPRESSION {method}'
                    )
            except DatabaseError:  # server built without LZ4: keep the default
                return

    return apply


class Migration(migrations.Migration):
    dependencies = [("commercial", "0003_latest_activity")]

    operations = [migrations.RunPython(set_compression("lz4"), set_compression("pglz"))]
