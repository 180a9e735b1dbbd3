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
