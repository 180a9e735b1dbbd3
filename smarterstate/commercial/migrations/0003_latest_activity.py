"""Each (buyer, CPV division)'s latest activity date for the crunch points (L6), and the trigger
that marks it out of date when processes change (see LatestActivityStamp)."""

import django.db.models.deletion
from django.db import migrations, models

# Columns the latest activity date depends on (commercial.selectors.activity_processes).
COLUMNS = "buyer_id, cpv_division, status, tender_start, first_release_date"

POSTGRESQL_INSTALL = [
    """
    CREATE OR REPLACE FUNCTION commercial_latest_activity_stale() RETURNS trigger
    LANGUAGE plpgsql AS $$
    BEGIN
        DELETE FROM commercial_latestactivitystamp;
        RETURN NULL;
    END
    $$
    """,
    f"""
    CREATE TRIGGER commercial_process_latest_activity_stale
    AFTER INSERT OR DELETE OR TRUNCATE OR UPDATE OF {COLUMNS} ON commercial_process
    FOR EACH STATEMENT EXECUTE FUNCTION commercial_latest_activity_stale()
    """,
]
POSTGRESQL_REMOVE = [
    "DROP TRIGGER IF EXISTS commercial_process_latest_activity_stale ON commercial_process",
    "DROP FUNCTION IF EXISTS commercial_latest_activity_stale()",
]
# SQLite has row-level triggers only; commercial.services.refresh.activity re-creates these
# on each refresh, since SQLite drops a table's triggers when a migration rebuilds the table.
SQLITE_INSTALL = [
    "CREATE TRIGGER IF NOT EXISTS commercial_process_latest_activity_insert"
    " AFTER INSERT ON commercial_process"
    " BEGIN DELETE FROM commercial_latestactivitystamp; END",
    "CREATE TRIGGER IF NOT EXISTS commercial_process_latest_activity_delete"
    " AFTER DELETE ON commercial_process"
    " BEGIN DELETE FROM commercial_latestactivitystamp; END",
    "CREATE TRIGGER IF NOT EXISTS commercial_process_latest_activity_update"
    " AFTER UPDATE OF buyer_id, cpv_division, status, tender_start, first_release_date"
    " ON commercial_process"
    " BEGIN DELETE FROM commercial_latestactivitystamp; END",
]
SQLITE_REMOVE = [
    f"DROP TRIGGER IF EXISTS commercial_process_latest_activity_{name}"
    for name in ("insert", "delete", "update")
]


def _run(statements: dict[str, list[str]]):
    def run(apps, schema_editor):
        for sql in statements.get(schema_editor.connection.vendor, []):
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [
        ("commercial", "0002_contract_from_award"),
    ]

    operations = [
        migrations.CreateModel(
            name="LatestActivityStamp",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("built_at", models.DateTimeField()),
            ],
        ),
        migrations.CreateModel(
            name="LatestActivity",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("cpv_division", models.CharField(blank=True, max_length=2)),
                (
                    "activity_date",
                    models.DateTimeField(
                        help_text=(
                            "The latest tender start, else first release of a planning-stage "
                            "process."
                        )
                    ),
                ),
                (
                    "buyer",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="latest_activities",
                        to="commercial.party",
                    ),
                ),
            ],
            options={
                "verbose_name_plural": "latest activities",
                "constraints": [
                    models.UniqueConstraint(
                        fields=("buyer", "cpv_division"),
                        name="latest_activity_once_per_buyer_division",
                    )
                ],
            },
        ),
        migrations.RunPython(
            _run({"postgresql": POSTGRESQL_INSTALL, "sqlite": SQLITE_INSTALL}),
            _run({"postgresql": POSTGRESQL_REMOVE, "sqlite": SQLITE_REMOVE}),
        ),
    ]
