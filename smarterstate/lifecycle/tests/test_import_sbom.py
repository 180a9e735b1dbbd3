"""The two shared SBOMs match the products a person would expect."""

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from smarterstate.lifecycle.models import Component, SBOMImport, System
from smarterstate.organisations.tests.factories import OrganisationFactory

from .factories import DROPWIZARD_SBOM, LARAVEL_SBOM, catalogue_subset


@pytest.fixture
def catalogue(db, tmp_path):
    call_command("import_endoflife", str(catalogue_subset(tmp_path)), verbosity=0)


@pytest.fixture
def org(db):
    return OrganisationFactory(name="Department for Work and Pensions", slug="dwp")


def sbom(path, *args, system="Case portal", org="dwp") -> dict:
    out = StringIO()
    call_command(
        "import_sbom", str(path), "--org", org, "--system", system, "--json", *args, stdout=out
    )
    return json.loads(out.getvalue())


def by_name(report) -> dict:
    return {row["name"]: row for row in report["extra"]["components"]}


def test_laravel_sbom_matches_laravel_7_and_guzzle_6(catalogue, org):
    report = sbom(LARAVEL_SBOM, "--as-of", "2026-01-01")
    assert (report["read"], report["created"], report["rejected"]) == (62, 62, 0)
    rows = by_name(report)
    assert rows["laravel/framework"] == {
        "name": "laravel/framework",
        "version": "v7.30.6",
        "purl": "pkg:composer/laravel/framework@v7.30.6",
        "product": "laravel",
        "cycle": "7",
        "status": "eol",
        "matched_by": "purl",
    }
    assert (rows["guzzlehttp/guzzle"]["product"], rows["guzzlehttp/guzzle"]["cycle"]) == (
        "guzzle",
        "6",
    )
    assert rows["guzzlehttp/guzzle"]["status"] == "eol"
    # Symfony components are Composer packages the catalogue knows only by CPE: not covered.
    assert rows["symfony/console"]["status"] == "not-covered"
    assert rows["symfony/console"]["reason"].startswith("No catalogue product")
    summary = report["extra"]["summary"]
    assert (summary["matched"], summary["past_eol"], summary["not_covered"]) == (2, 2, 60)
    assert summary["not_covered_reasons"] == {"no catalogue product": 60}
    assert System.objects.get(organisation=org).name == "Case portal"  # created by name


def test_statuses_depend_on_the_as_of_date(catalogue, org):
    rows = by_name(sbom(LARAVEL_SBOM, "--as-of", "2020-06-01"))
    # Laravel 7 reached end of life on 2021-03-03; Guzzle 6 on 2023-10-31.
    assert rows["laravel/framework"]["status"] == "eol-12m"
    assert rows["guzzlehttp/guzzle"]["status"] == "maintained"
    rows = by_name(sbom(LARAVEL_SBOM, "--as-of", "2021-01-15"))
    assert rows["laravel/framework"]["status"] == "eol-3m"


def test_dropwizard_sbom_matches_jetty_9_4_and_explains_hibernate(catalogue, org):
    report = sbom(DROPWIZARD_SBOM, "--as-of", "2025-06-01", system="Claims API")
    assert report["read"] == 167
    rows = by_name(report)
    jetty = rows["org.eclipse.jetty/jetty-server"]
    assert (jetty["product"], jetty["cycle"], jetty["version"]) == (
        "eclipse-jetty",
        "9.4",
        "9.4.18.v20190429",
    )
    assert jetty["status"] == "eol-3m"  # 9.4 security support ended 2025-08-14
    hibernate = rows["org.hibernate/hibernate-core"]
    assert (hibernate["product"], hibernate["cycle"], hibernate["status"]) == (
        "hibernate-orm",
        None,
        "not-covered",
    )
    assert hibernate["reason"] == "Hibernate ORM has no release cycle for version 5.2.18.Final."
    assert jetty["matched_by"] == "purl"
    # The other Jetty modules are matched by family (issue 15 §3), marked as inferred.
    util = rows["org.eclipse.jetty/jetty-util"]
    assert (util["product"], util["cycle"], util["matched_by"]) == (
        "eclipse-jetty",
        "9.4",
        "family",
    )
    assert util["reason"] == "Inferred: same namespace as pkg:maven/org.eclipse.jetty/jetty-server."
    summary = report["extra"]["summary"]
    assert summary["matched"] == 16
    assert summary["matched_by"] == {"purl": 1, "cpe": 0, "family": 15}
    assert summary["not_covered_reasons"] == {
        "no catalogue product": 150,
        "product matched, no release cycle for the version": 1,
    }


def test_reimporting_replaces_sbom_components_and_keeps_history(catalogue, org):
    sbom(LARAVEL_SBOM)
    again = sbom(LARAVEL_SBOM)
    assert (again["unchanged"], again["created"]) == (62, 0)
    system = System.objects.get(name="Case portal")
    assert system.components.count() == 62

    replaced = sbom(DROPWIZARD_SBOM)
    assert replaced["extra"]["summary"]["removed"] == 62
    assert set(system.components.values_list("sbom_id", flat=True)) == {
        replaced["extra"]["sbom_import"]
    }
    assert system.components.count() == 167
    assert SBOMImport.objects.filter(system=system).count() == 3
    laravel = Component.history.filter(name="laravel/framework")
    assert list(laravel.values_list("history_type", flat=True).order_by("history_date")) == [
        "+",
        "-",
    ]


def test_entered_components_survive_an_sbom_import(catalogue, org):
    from smarterstate.lifecycle.services.register import component_create, system_create

    system = system_create(organisation=org, name="Case portal")
    component_create(system=system, name="PHP", version="7.4.3", cpe="cpe:2.3:a:php:php:7.4.3")
    sbom(LARAVEL_SBOM)
    php = system.components.get(name="PHP")
    assert (php.product.name, php.cycle.name) == ("php", "7.4")  # matched by CPE
    assert system.components.count() == 63


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("{oops", "not JSON"),
        ('{"bomFormat": "SPDX"}', "not a CycloneDX SBOM"),
        ('{"bomFormat": "CycloneDX", "specVersion": "1.1"}', "1.1' is not supported"),
        ('{"bomFormat": "CycloneDX", "specVersion": "1.5", "components": {}}', "not a list"),
    ],
)
def test_bad_sboms_get_a_clear_error_and_nothing_stored_is_lost(
    catalogue, org, tmp_path, content, message
):
    sbom(LARAVEL_SBOM)
    path = tmp_path / "bad.json"
    path.write_text(content)
    with pytest.raises(CommandError, match=message):
        call_command(
            "import_sbom", str(path), "--org", "dwp", "--system", "Case portal", verbosity=0
        )
    assert System.objects.get(name="Case portal").components.count() == 62
    assert SBOMImport.objects.count() == 1


def test_components_without_a_name_are_rejected_with_their_path(catalogue, org, tmp_path):
    path = tmp_path / "bom.json"
    path.write_text(
        json.dumps(
            {
                "bomFormat": "CycloneDX",
                "specVersion": "1.6",
                "components": [
                    {"type": "library", "version": "1.0"},
                    {
                        "name": "framework",
                        "group": "laravel",
                        "version": "11.2.0",
                        "purl": "pkg:composer/laravel/framework@11.2.0",
                        "components": [{"name": 7}],
                    },
                ],
            }
        )
    )
    report = sbom(path)
    assert (report["read"], report["created"], report["rejected"]) == (3, 1, 2)
    assert sorted(r["field"] for r in report["rejects"]) == [
        "components[0].name",
        "components[1].components[0].name",
    ]
    assert by_name(report)["laravel/framework"]["cycle"] == "11"


def test_unknown_organisation_is_a_clear_error(catalogue, org):
    with pytest.raises(CommandError, match="No organisation 'nope'"):
        call_command("import_sbom", str(LARAVEL_SBOM), "--org", "nope", "--system", "x")


def test_web_upload_runs_as_a_background_job(catalogue, org, client, settings, tmp_path):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from smarterstate.jobs.models import Job
    from smarterstate.jobs.tasks import run_import_job
    from smarterstate.lifecycle.services.register import system_create
    from smarterstate.organisations.tests.factories import MembershipFactory

    settings.MEDIA_ROOT = str(tmp_path)
    system = system_create(organisation=org, name="Case portal")
    editor = MembershipFactory(organisation=org, role="editor").user
    client.force_login(editor)
    upload = SimpleUploadedFile("laravel.cdx.json", LARAVEL_SBOM.read_bytes())
    response = client.post(f"/o/dwp/lifecycle/systems/{system.pk}/sbom/", {"file": upload})
    job = Job.objects.get()
    assert response.status_code == 302 and str(job.pk) in response["Location"]
    run_import_job.call(str(job.pk))
    job.refresh_from_db()
    assert job.status == "succeeded", job.error
    assert system.components.count() == 62
    imported = SBOMImport.objects.get()
    assert imported.filename == "laravel.cdx.json" and imported.imported_by == editor
    assert imported.report["summary"]["matched"] == 2


def test_components_with_a_nul_character_are_rejected_naming_the_field(catalogue, org, tmp_path):
    good = {"name": "framework", "group": "laravel", "version": "11.2.0"}
    purl = "pkg:composer/laravel/framework@11.2.0"
    path = tmp_path / "bom.json"
    path.write_text(
        json.dumps(
            {
                "bomFormat": "CycloneDX",
                "specVersion": "1.6",
                "components": [
                    {**good, "name": "frame\x00work", "purl": purl},
                    {**good, "version": "11.2\x00.0", "purl": purl},
                    {**good, "purl": "pkg:composer/laravel/framework\x00@11.2.0"},
                    {**good, "cpe": "cpe:2.3:a:laravel:laravel:11.2.0\x00", "purl": purl},
                    {
                        **good,
                        "group": "lara\x00vel",
                        "purl": purl,
                        "components": [{**good, "purl": purl}],
                    },
                ],
            }
        )
    )
    report = sbom(path)
    assert (report["read"], report["created"], report["rejected"]) == (6, 1, 5)
    assert [(r["field"], r["reason"]) for r in report["rejects"]] == [
        (f"components[{i}].{key}", f"components[{i}].{key} contains a NUL character")
        for i, key in enumerate(["name", "version", "purl", "cpe", "group"])
    ]
    assert by_name(report)["laravel/framework"]["cycle"] == "11"
    assert System.objects.get(name="Case portal").components.count() == 1


def test_a_nul_character_in_the_serial_number_is_a_clear_error(catalogue, org, tmp_path):
    sbom(LARAVEL_SBOM)
    path = tmp_path / "bad.json"
    path.write_text(
        json.dumps({"bomFormat": "CycloneDX", "specVersion": "1.6", "serialNumber": "urn:\x00"})
    )
    with pytest.raises(CommandError, match="serialNumber contains a NUL character"):
        call_command(
            "import_sbom", str(path), "--org", "dwp", "--system", "Case portal", verbosity=0
        )
    assert System.objects.get(name="Case portal").components.count() == 62
    assert SBOMImport.objects.count() == 1


def test_a_nul_character_in_the_system_name_is_a_clear_error(catalogue, org):
    with pytest.raises(CommandError, match="system name contains a NUL character"):
        call_command(
            "import_sbom",
            str(LARAVEL_SBOM),
            "--org",
            "dwp",
            "--system",
            "Case\x00portal",
            verbosity=0,
        )
    assert not System.objects.filter(organisation__slug="dwp").exists()
    assert SBOMImport.objects.count() == 0
