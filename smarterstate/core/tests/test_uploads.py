"""The upload policy: limits per kind from settings, enforced while streaming and on the form."""

from __future__ import annotations

import gzip
import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from smarterstate.core import uploads
from smarterstate.core.forms import UploadField
from smarterstate.core.importing import InputUnreadable, csv_records, open_input
from smarterstate.core.uploads import LimitExceeded, Limits, MiB, limits_for, open_limited


def read_all(data: bytes, kind: str = "skills-people", **limits) -> bytes:
    stream, _guard = open_limited(
        io.BytesIO(data), kind=kind, source="people.csv", limits=Limits(**limits)
    )
    return stream.read()


def test_each_kind_has_documented_defaults_and_settings_override_them(settings):
    assert limits_for("skills-people").bytes == 100 * MiB
    assert limits_for("ocds").line_bytes == 16 * MiB
    assert limits_for("no-such-kind") == uploads.DEFAULTS
    settings.UPLOAD_LIMIT_OVERRIDES = {
        "UPLOAD_MAX_RATIO": 20,
        "UPLOAD_MAX_BYTES_SKILLS_PEOPLE": 1000,
    }
    assert limits_for("skills-people").bytes == 1000
    assert limits_for("skills-people").ratio == 20
    assert limits_for("ocds").ratio == 20
    assert limits_for("ocds").bytes == uploads.KIND_DEFAULTS["ocds"].bytes


def test_a_gzip_bomb_is_stopped_by_its_ratio_while_streaming():
    bomb = gzip.compress(b"\n" * (64 * MiB))
    with pytest.raises(LimitExceeded) as caught:
        read_all(bomb, ratio=100)
    assert caught.value.limit == "ratio"
    assert "compression ratio limit for this kind of file is 100:1" in str(caught.value)
    assert "UPLOAD_MAX_RATIO_SKILLS_PEOPLE" in str(caught.value)


def test_the_decompressed_total_is_capped():
    data = gzip.compress(b"a,b\n" * (3 * MiB))
    with pytest.raises(LimitExceeded, match="more than 8 MiB once decompressed"):
        read_all(data, decompressed_bytes=8 * MiB, ratio=0)
    assert len(read_all(data, decompressed_bytes=16 * MiB, ratio=0)) == 12 * MiB


def test_a_long_line_is_refused_with_its_number_before_it_is_built():
    data = b"a,b\n" + b"1,2\n" * 10 + b"x" * (2 * MiB) + b"\n3,4\n"
    stream, guard = open_limited(
        io.BytesIO(data), kind="skills-people", source="people.csv", limits=Limits(line_bytes=MiB)
    )
    with pytest.raises(LimitExceeded, match="people.csv: line 12 is longer than 1 MiB"):
        while stream.read(4096):
            pass
    # It stopped within one read of the limit, not at the end of the line.
    assert guard.total <= MiB + uploads.READ_SIZE


def test_lines_within_the_limit_pass_whatever_the_chunking():
    lines = b"".join(b"x" * n + b"\n" for n in (10, 1000, 5000, 1, 0, 4096))
    for size in (1, 7, 4096, 1 << 20):
        stream, _ = open_limited(
            io.BytesIO(lines), kind="k", source="f", limits=Limits(line_bytes=5000)
        )
        out = b"".join(iter(lambda s=stream, n=size: s.read(n), b""))
        assert out == lines


def test_a_csv_line_over_the_limit_makes_the_file_unreadable_naming_the_limit(tmp_path, settings):
    settings.UPLOAD_LIMIT_OVERRIDES = {"UPLOAD_MAX_LINE_BYTES": 1000}
    path = tmp_path / "people.csv.gz"
    path.write_bytes(gzip.compress(b"reference,grade\nP1,G7\n" + b"y" * 5000 + b"\n"))
    stream, name = open_input(str(path), "people.csv.gz", kind="skills-people")
    with pytest.raises(InputUnreadable, match="line 3 is longer than 1000 bytes.*line size limit"):
        list(csv_records(stream, name))


@pytest.mark.parametrize(
    ("document", "too_deep"),
    [
        (b'{"a":[' + b"[" * 100 + b"]" * 100 + b"]}", True),
        # Brackets in strings, escaped quotes and backslashes do not count.
        (b'{"a":"' + b"[" * 100 + b'\\"[[[\\\\","b":[[1]]}', False),
    ],
)
def test_json_nesting_is_measured_outside_strings(document, too_deep):
    limits = {"json_depth": 64, "line_bytes": 0}
    if too_deep:
        with pytest.raises(LimitExceeded, match="JSON nested more than 64 deep"):
            read_all(document, kind="ocds", **limits)
    else:
        assert read_all(document, kind="ocds", **limits) == document


@pytest.mark.parametrize("size", [1, 2, 3, 5, 64])
def test_json_depth_is_right_across_chunk_boundaries(size):
    meter = uploads._DepthMeter()
    text = b'{"s":"a\\\\\\"[[[\\\\","t":[{"u":"]]]"}],"v":[[[[]]]]}'
    deepest = max(meter.feed(text[i : i + size]) for i in range(0, len(text), size))
    assert deepest == 5  # {  [[[[ : the object and four arrays
    assert meter.depth == 0


def test_a_record_past_the_mark_is_refused():
    stream, guard = open_limited(
        io.BytesIO(b"x" * (3 * MiB)), kind="ocds", source="f", limits=Limits(line_bytes=MiB)
    )
    guard.stop_lines()
    guard.mark()
    with pytest.raises(LimitExceeded, match="one record .* is longer than 1 MiB"):
        stream.read()


def xlsx_bomb(size: int) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", b" " * size)
    return buffer.getvalue()


def test_a_zip_is_judged_by_its_members_declared_sizes():
    data = xlsx_bomb(40 * MiB)
    with pytest.raises(LimitExceeded, match="parts add up to 40 MiB"):
        uploads.check_zip(io.BytesIO(data), kind="lifecycle-register", source="systems.xlsx")
    uploads.check_zip(io.BytesIO(xlsx_bomb(1000)), kind="lifecycle-register", source="s.xlsx")


def test_check_upload_refuses_by_size_ratio_and_document_size(settings):
    settings.UPLOAD_LIMIT_OVERRIDES = {"UPLOAD_MAX_BYTES_SKILLS_PEOPLE": 100}
    with pytest.raises(LimitExceeded, match="it is 101 bytes.*upload size limit.*100 bytes"):
        uploads.check_upload("skills-people", SimpleUploadedFile("p.csv", b"x" * 101))
    bomb = SimpleUploadedFile("p.csv.gz", gzip.compress(b"\n" * (20 * MiB)))
    with pytest.raises(LimitExceeded, match="ratio"):
        uploads.check_upload("outcome-measurements", bomb)
    settings.UPLOAD_LIMIT_OVERRIDES |= {
        "UPLOAD_MAX_RATIO_LIFECYCLE_SBOM": 0,
        "UPLOAD_MAX_DECOMPRESSED_BYTES_LIFECYCLE_SBOM": 0,
    }
    document = b'{"components":[' + b" " * (21 * MiB) + b"]}"
    big = SimpleUploadedFile("bom.json.gz", gzip.compress(document))
    with pytest.raises(LimitExceeded, match="document size limit"):
        uploads.check_upload("lifecycle-sbom", big)
    fine = SimpleUploadedFile("p.csv", b"reference\nP1\n")
    uploads.check_upload("outcome-measurements", fine)
    assert fine.read() == b"reference\nP1\n"  # rewound for saving


def test_the_upload_field_names_the_limit_in_its_error_and_help_text(settings):
    settings.UPLOAD_LIMIT_OVERRIDES = {"UPLOAD_MAX_BYTES_OCDS": 2 * MiB}
    field = UploadField(kind="ocds", help_text="OCDS JSON.")
    assert field.help_text == "OCDS JSON. The file can be up to 2 MiB."
    from django import forms

    with pytest.raises(forms.ValidationError) as caught:
        field.clean(SimpleUploadedFile("big.json", b" " * (2 * MiB + 1)))
    assert "upload size limit for this kind of file is 2 MiB" in caught.value.messages[0]
