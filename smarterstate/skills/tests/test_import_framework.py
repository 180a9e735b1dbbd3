import io
import json
import shutil
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from smarterstate.skills.importers.ddat import seniority
from smarterstate.skills.models import (
    Framework,
    FrameworkVersion,
    Role,
    RoleLevel,
    RoleLevelSkill,
    Skill,
)

DATA = Path(settings.BASE_DIR) / "data" / "ddat"
ROLES = str(DATA / "ddat-role-content.csv")
SKILLS = str(DATA / "ddat-skill-descriptions.csv")


def run(*args) -> dict:
    out = io.StringIO()
    call_command("import_capability_framework", *args, "--json", stdout=out)
    return json.loads(out.getvalue())


@pytest.mark.django_db
def test_it_imports_the_real_framework_with_the_expected_counts():
    report = run(ROLES, SKILLS)
    assert {k: report[k] for k in ("families", "roles", "role_levels", "skills")} == {
        "families": 8, "roles": 52, "role_levels": 205, "skills": 188,
    }  # fmt: skip
    assert report["rejected"] == 0 and report["version"] == 1
    framework = Framework.objects.get(slug="ddat", organisation=None)
    assert framework.families.count() == 8
    assert Role.objects.count() == 52 and RoleLevel.objects.count() == 205
    assert Skill.objects.count() == 188
    # Duplicated rows are kept once: 1,825 rows, 1,809 distinct requirements.
    assert RoleLevelSkill.objects.count() == 1809


@pytest.mark.django_db
def test_it_handles_the_quirks_of_the_real_files():
    run(ROLES, SKILLS)
    # Trailing spaces: one level, stripped.
    assert RoleLevel.objects.filter(name="End user computing engineer").count() == 1
    assert not RoleLevel.objects.filter(name__endswith=" ").exists()
    # NOT IN USE: the chief roles get one level named after the role, not in use, no levels.
    cdo = RoleLevel.objects.get(role__name="Chief data officer")
    assert cdo.name == "Chief data officer" and not cdo.in_use
    assert set(cdo.skills.values_list("level", flat=True)) == {None}
    assert RoleLevel.objects.filter(in_use=False).count() == 4
    # MISSING descriptions come from the skill file instead.
    assert not Skill.objects.filter(description="MISSING").exists()
    accessibility = Skill.objects.get(name="Accessibility")
    assert accessibility.description.startswith("Accessibility involves")
    assert accessibility.expert.startswith("You can:")
    # Seniority from names, not the alphabetical order of the file.
    names = list(
        RoleLevel.objects.filter(role__name="Software developer").values_list("name", flat=True)
    )
    assert names.index("Apprentice developer") < names.index("Junior developer") < names.index(
        "Developer") < names.index("Senior developer") < names.index("Lead developer") < names.index(
        "Principal developer")  # fmt: skip


def test_seniority_orders_analysts_below_managers():
    assert seniority("Service desk analyst", "Service desk manager") < seniority(
        "Service desk manager", "Service desk manager"
    )
    assert seniority("Trainee data scientist", "Data scientist") < seniority(
        "Head of data science", "Data scientist"
    )


@pytest.mark.django_db
def test_a_reimport_shows_no_changes_and_keeps_one_version():
    run(ROLES, SKILLS)
    report = run(ROLES, SKILLS)
    assert report["changed"] is False and report["version"] == 1
    assert all(c["added"] == c["removed"] == c["changed"] == 0 for c in report["changes"].values())
    assert FrameworkVersion.objects.count() == 1


@pytest.mark.django_db
def test_a_changed_framework_is_a_new_version_listing_the_changes(tmp_path):
    run(ROLES, SKILLS)
    text = Path(ROLES).read_text(encoding="utf-8-sig")
    changed = tmp_path / "roles.csv"
    # Drop the technical writer role and move one requirement up a level.
    lines = text.replace("Technical writer", "Technical author")
    changed.write_text(lines, encoding="utf-8")
    report = run(str(changed), SKILLS)
    assert report["changed"] is True and report["version"] == 2
    assert report["changes"]["roles"]["added"] == 1 and report["changes"]["roles"]["removed"] == 1
    version = FrameworkVersion.objects.get(number=2)
    assert "User-centred design / Technical author" in version.changes["roles"]["added_names"]
    old = Role.objects.get(name="Technical writer")
    assert old.active is False  # kept for history, no longer current


@pytest.mark.django_db
def test_dry_run_stores_nothing():
    report = run(ROLES, SKILLS, "--dry-run")
    assert report["skills"] == 188
    assert not Skill.objects.exists()


@pytest.mark.django_db
def test_wrong_headers_fail_naming_file_and_line(tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text("Family,Role\nx,y\n", encoding="utf-8")
    with pytest.raises(CommandError, match=r"bad.csv, line 1: missing column"):
        run(str(bad), SKILLS)


@pytest.mark.django_db
def test_bad_rows_are_reported_with_their_line(tmp_path):
    bad = tmp_path / "roles.csv"
    shutil.copy(ROLES, bad)
    with open(bad, "a", encoding="utf-8") as handle:
        handle.write("Data,Data scientist,d,Data scientist,d,Data ethics,d,Wizard,d,\n")
    report = run(str(bad), SKILLS)
    assert report["rejected"] == 1
    assert (
        report["rejects"][0]["field"] == "Skill Level"
        and "Wizard" in report["rejects"][0]["reason"]
    )
    assert report["rejects"][0]["line"] > 20000


@pytest.mark.django_db
def test_a_nul_character_in_a_cell_rejects_the_row_rather_than_failing_the_import(tmp_path):
    """PostgreSQL text cannot hold NUL: names are looked up and stored, so such rows are rejects."""
    roles, skills = tmp_path / "roles.csv", tmp_path / "skills.csv"
    shutil.copy(ROLES, roles)
    shutil.copy(SKILLS, skills)
    with open(roles, "a", encoding="utf-8") as handle:
        handle.write("Da\x00ta,Data scientist,d,Data scientist,d,Data ethics,d,Working,d,\n")
        handle.write("Data,Data scientist,d\x00,Data scientist,d,Data ethics,d,Working,d,\n")
    with open(skills, "a", encoding="utf-8") as handle:
        handle.write("Nul\x00 skill,d,a,w,p,e,\n")
    report = run(str(roles), str(skills))
    assert report["rejected"] == 3 and report["skills"] == 188 and report["families"] == 8
    assert [(r["source"], r["field"], r["reason"]) for r in report["rejects"]] == [
        (str(skills), "Skill Name", "Skill Name contains a NUL character"),
        (str(roles), "Role Family", "Role Family contains a NUL character"),
        (str(roles), "Role Description", "Role Description contains a NUL character"),
    ]
    assert all(r["line"] > 20000 for r in report["rejects"][1:])
    assert (
        Skill.objects.count() == 188 and not Skill.objects.filter(name__startswith="Nul").exists()
    )
