import io
import json

import pytest
from django.core.management import CommandError, call_command

from smarterstate.skills.models import Person

from . import factories

HEADER = "reference,grade,profession,team,line_manager_reference,role_level,location\n"


def run(tmp_path, text, org, *extra) -> dict:
    path = tmp_path / "people.csv"
    path.write_text(text, encoding="utf-8")
    out = io.StringIO()
    call_command("import_people", str(path), "--org", org.slug, "--json", *extra, stdout=out)
    return json.loads(out.getvalue())


@pytest.mark.django_db
def test_it_imports_people_and_reports_joiners(tmp_path, org_a):
    level = factories.role_level(factories.framework(), name="Senior data scientist")
    report = run(
        tmp_path,
        HEADER
        + "A1,HEO,Digital,Platform,M1,Senior data scientist,Leeds\nM1,G7,Digital,Platform,,,Leeds\n",
        org_a,
    )
    assert (report["read"], report["created"], report["rejected"]) == (2, 2, 0)
    assert report["extra"]["joiners"] == 2
    a1 = Person.objects.get(reference="A1")
    assert a1.role_level == level and a1.line_manager_reference == "M1" and a1.organisation == org_a


@pytest.mark.django_db
def test_a_reimport_updates_in_place_with_joiners_movers_and_leavers(tmp_path, org_a):
    first = (
        HEADER
        + "A1,HEO,Digital,Platform,,,Leeds\nA2,EO,Policy,Benefits,,,York\nA3,EO,Policy,Benefits,,,York\n"
    )
    run(tmp_path, first, org_a)
    assert run(tmp_path, first, org_a)["unchanged"] == 3
    second = (
        HEADER
        + "A1,SEO,Digital,Platform,,,Leeds\nA2,EO,Policy,Benefits,,,Leeds\nA4,AO,Ops,Contact,,,Leeds\n"
    )
    report = run(tmp_path, second, org_a)
    assert report["extra"] == {"joiners": 1, "movers": 1, "leavers": 1}
    assert (report["created"], report["updated"], report["unchanged"]) == (1, 2, 0)
    assert Person.objects.get(reference="A1").grade == "SEO"
    leaver = Person.objects.get(reference="A3")
    assert not leaver.active and leaver.left_at is not None
    assert Person.objects.count() == 4  # leavers are kept, not deleted
    # The leaver coming back is a joiner again.
    report = run(tmp_path, second + "A3,EO,Policy,Benefits,,,York\n", org_a)
    assert report["extra"]["joiners"] == 1 and Person.objects.get(reference="A3").active


@pytest.mark.django_db
def test_bad_rows_are_rejected_with_their_line_and_good_rows_stored(tmp_path, org_a):
    text = (
        HEADER
        + "A1,HEO,Digital,Platform,,,Leeds\n,HEO,Digital,Platform,,,\nA3,HEO,Digital,Platform,,Wizard,\nA4,HEO,Digital,Platform,A4,,\n"
    )
    report = run(tmp_path, text, org_a)
    assert (report["created"], report["rejected"]) == (1, 3)
    assert [(r["line"], r["field"]) for r in report["rejects"]] == [
        (3, "reference"), (4, "role_level"), (5, "line_manager_reference"),
    ]  # fmt: skip
    # A rejected row is not a leaver.
    run(tmp_path, HEADER + "A1,HEO,Digital,Platform,,,Leeds\n", org_a)
    assert Person.objects.filter(active=True).count() == 1


@pytest.mark.django_db
def test_wrong_headers_fail_the_whole_file(tmp_path, org_a):
    with pytest.raises(CommandError, match="line 1: missing column"):
        run(tmp_path, "name,grade\nx,y\n", org_a)


@pytest.mark.django_db
def test_people_of_another_organisation_are_separate(tmp_path, org_a, org_b):
    run(tmp_path, HEADER + "A1,HEO,Digital,Platform,,,Leeds\n", org_a)
    report = run(tmp_path, HEADER + "A1,G7,Digital,Platform,,,Leeds\n", org_b)
    assert report["created"] == 1 and report["extra"]["leavers"] == 0
    assert Person.objects.get(organisation=org_a).grade == "HEO"


@pytest.mark.django_db
def test_dry_run_stores_nothing(tmp_path, org_a):
    report = run(tmp_path, HEADER + "A1,HEO,Digital,Platform,,,Leeds\n", org_a, "--dry-run")
    assert report["created"] == 1 and not Person.objects.exists()


def people_csv(n: int, grade: str = "HEO", extra: str = "") -> str:
    return (
        HEADER
        + "".join(f"R{i:05d},{grade},Digital,Team {i % 7},,,Leeds\n" for i in range(n))
        + extra
    )


@pytest.mark.django_db
def test_a_large_file_is_written_in_bulk_with_history(
    tmp_path, org_a, django_assert_max_num_queries
):
    # 2,500 people: more than one batch. One row at a time took five queries a person (12,500);
    # in bulk, SQLite's 999 parameters a query still split the inserts into ~70.
    with django_assert_max_num_queries(150):
        report = run(tmp_path, people_csv(2500), org_a)
    assert (report["read"], report["created"], report["rejected"]) == (2500, 2500, 0)
    assert Person.objects.filter(organisation=org_a, active=True).count() == 2500
    assert Person.history.filter(history_type="+").count() == 2500
    first = Person.objects.get(reference="R00000")
    assert (first.grade, first.team, first.location) == ("HEO", "Team 0", "Leeds")

    # Idempotent: nothing changes, no history is written.
    with django_assert_max_num_queries(30):
        again = run(tmp_path, people_csv(2500), org_a)
    assert (again["unchanged"], again["created"], again["updated"]) == (2500, 0, 0)
    assert Person.history.count() == 2500

    # Everyone promoted but the last 100 (leavers), 3 bad rows, one joiner: counts add up.
    text = people_csv(2400, grade="SEO", extra=",SEO,Digital,T,,,\nX1,SEO,D,T,,Wizard,\n"
                      "X2,SEO,D,T,X2,,\nJ1,AO,Ops,T,,,York\n")  # fmt: skip
    third = run(tmp_path, text, org_a)
    assert (
        third["read"]
        == third["created"] + third["updated"] + third["unchanged"] + third["rejected"]
    )
    assert (third["created"], third["updated"], third["rejected"]) == (1, 2400, 3)
    assert third["extra"] == {"joiners": 1, "movers": 2400, "leavers": 100}
    assert Person.objects.filter(grade="SEO", active=True).count() == 2400
    moved = Person.objects.get(reference="R00001")
    assert [h.grade for h in moved.history.order_by("history_date", "history_id")] == ["HEO", "SEO"]
    leaver = Person.objects.get(reference="R02499")
    assert not leaver.active and leaver.left_at is not None and leaver.updated_at >= leaver.left_at
    assert leaver.history.latest("history_date").active is False


@pytest.mark.django_db
def test_a_reference_twice_in_a_file_is_one_person(tmp_path, org_a):
    # Once in the first batch and again in the second: the later row wins, as if saved in turn.
    text = people_csv(
        2100, extra="R00005,G7,Digital,Team 5,,,York\nR02050,G6,Digital,Team 5,,,York\n"
    )
    report = run(tmp_path, text, org_a)
    assert (report["created"], report["updated"]) == (2100, 2)
    assert Person.objects.count() == 2100
    assert Person.objects.get(reference="R00005").grade == "G7"
    assert Person.objects.get(reference="R02050").grade == "G6"
