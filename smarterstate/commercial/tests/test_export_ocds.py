"""manage.py export_ocds: compiled and versioned releases equal ocdskit's, for every bundled file.

The reference is the ocdskit CLI, run offline with the same bundled schema:
``ocdskit upgrade 1.0:1.1 | ocdskit compile --schema <schema> [--versioned]``.
Upgrading is a no-op for OCDS 1.1 input, so the same pipeline serves every file
(the 2014 file mixes 1.0 and 1.1, which ``ocdskit compile`` alone refuses).
The subprocesses get a proxy that does not exist, so any network access fails.
"""

from __future__ import annotations

import io
import json
import os
import subprocess
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

from smarterstate.commercial.ocds.merge import SCHEMA_PATH

pytestmark = pytest.mark.django_db

DATA = Path(settings.BASE_DIR) / "data" / "ocds"
FILES = sorted(p.name for p in DATA.glob("*.json*"))
OCDSKIT = str(Path(settings.BASE_DIR) / ".venv" / "bin" / "ocdskit")
OFFLINE = {
    **os.environ,
    "HTTP_PROXY": "http://127.0.0.1:9",
    "HTTPS_PROXY": "http://127.0.0.1:9",
    "http_proxy": "http://127.0.0.1:9",
    "https_proxy": "http://127.0.0.1:9",
    "NO_PROXY": "",
}


def ocdskit(path: Path | list[Path], *compile_args: str) -> list[dict]:
    """ocdskit's compiled (or versioned) releases of a file, or of files read one after another."""
    paths = path if isinstance(path, list) else [path]
    upgrade = subprocess.run(  # noqa: S603 - fixed arguments
        [OCDSKIT, "upgrade", "1.0:1.1"],
        input=b"\n".join(p.read_bytes() for p in paths),
        capture_output=True,
        check=True,
        env=OFFLINE,
        timeout=120,
    )
    compiled = subprocess.run(  # noqa: S603 - fixed arguments
        [OCDSKIT, "compile", "--schema", str(SCHEMA_PATH), *compile_args],
        input=upgrade.stdout,
        capture_output=True,
        check=True,
        env=OFFLINE,
        timeout=120,
    )
    return [json.loads(line) for line in compiled.stdout.splitlines() if line.strip()]


def export(*args: str) -> str:
    out = io.StringIO()
    call_command("export_ocds", *args, stdout=out)
    return out.getvalue()


def by_ocid(releases: list[dict]) -> dict[str, dict]:
    return {release["ocid"]: release for release in releases}


@pytest.mark.skipif(not Path(OCDSKIT).exists(), reason="the ocdskit CLI is not installed")
@pytest.mark.parametrize("name", FILES)
def test_compiled_and_versioned_releases_equal_ocdskits(name):
    path = DATA / name
    call_command("import_ocds", str(path), "--json", stdout=io.StringIO(), stderr=io.StringIO())

    compiled = [json.loads(line) for line in export("--compiled").splitlines()]
    versioned = [json.loads(line) for line in export("--versioned").splitlines()]

    expected_compiled = ocdskit(path)
    expected_versioned = ocdskit(path, "--versioned")
    assert len(compiled) == len(expected_compiled) > 0
    assert by_ocid(compiled) == by_ocid(expected_compiled)
    assert by_ocid(versioned) == by_ocid(expected_versioned)
    # Sorted by ocid, as ocdskit sorts them.
    assert [r["ocid"] for r in compiled] == [r["ocid"] for r in expected_compiled]
    assert [r["ocid"] for r in versioned] == sorted(r["ocid"] for r in versioned)


@pytest.mark.skipif(not Path(OCDSKIT).exists(), reason="the ocdskit CLI is not installed")
def test_every_bundled_file_imported_in_one_store_equals_ocdskit_on_all_of_them():
    """Every real file (the project's shared data, copied here) and the Public-Contracts-
    Scotland-shaped file whose releases have no id, in one store, as daily imports build it."""
    paths = [DATA / name for name in FILES]
    assert "uk_pcs_shaped_release-package_2025-03.json" in FILES
    for path in paths:
        call_command("import_ocds", str(path), "--json", stdout=io.StringIO(), stderr=io.StringIO())

    compiled = [json.loads(line) for line in export("--compiled").splitlines()]
    versioned = [json.loads(line) for line in export("--versioned").splitlines()]

    assert by_ocid(compiled) == by_ocid(ocdskit(paths))
    assert by_ocid(versioned) == by_ocid(ocdskit(paths, "--versioned"))
    pcs = by_ocid(versioned)["ocds-r6ebe6-0000700000"]
    assert {v["releaseID"] for v in pcs["tender"]["title"]} == {None}


def test_the_record_package_holds_releases_and_merged_releases(tmp_path):
    path = DATA / "uk_contractsfinder_release-package_2025-01-23.json"
    call_command("import_ocds", str(path), "--json", stdout=io.StringIO(), stderr=io.StringIO())
    output = tmp_path / "records.json"

    call_command("export_ocds", "--package", "--versioned", "-o", str(output))

    package = json.loads(output.read_text())
    assert set(package) == {"uri", "publisher", "publishedDate", "version", "records"}
    assert package["version"] == "1.1"
    records = package["records"]
    assert len(records) == 94
    assert [r["ocid"] for r in records] == sorted(r["ocid"] for r in records)
    record = next(r for r in records if len(r["releases"]) > 1)
    assert set(record) == {"ocid", "releases", "compiledRelease", "versionedRelease"}
    assert {r["ocid"] for r in record["releases"]} == {record["ocid"]}
    assert record["compiledRelease"]["tag"] == ["compiled"]


def test_only_the_ocids_asked_for_are_exported():
    path = DATA / "pt_base_release-package_2019-11.json"
    call_command("import_ocds", str(path), "--json", stdout=io.StringIO(), stderr=io.StringIO())
    every = [json.loads(line)["ocid"] for line in export().splitlines()]

    lines = export("--ocid", every[5], "--ocid", every[2], "--ocid", "no-such-ocid").splitlines()

    assert [json.loads(line)["ocid"] for line in lines] == [every[2], every[5]]
    package = json.loads(export("--package", "--ocid", every[2]))
    assert [r["ocid"] for r in package["records"]] == [every[2]]
    assert "versionedRelease" not in package["records"][0]


def test_an_empty_database_exports_nothing():
    assert export() == ""
    assert json.loads(export("--package"))["records"] == []
