"""The OCDS reader: every packaging detected from the bytes, streamed, with positions for problems."""

from __future__ import annotations

import gzip
import io
import json
import os
import sys

import pytest

from smarterstate.commercial.ocds import reader
from smarterstate.commercial.ocds.release import ReleaseRejected, prepare, releases_digest


def release(n: int, ocid: str = "ocds-x-1", **extra) -> dict:
    return {
        "ocid": ocid,
        "id": f"r{n}",
        "date": f"2025-01-{n:02d}T00:00:00Z",
        "tag": ["tender"],
        **extra,
    }


def read_bytes(tmp_path, data: bytes, name: str = "input.json"):
    path = tmp_path / name
    path.write_bytes(data)
    source = reader.open_source(str(path), name)
    try:
        return source.format, list(reader.read(source))
    finally:
        source.close()


def ids(items) -> list[str]:
    return [item.data["id"] for item in items if isinstance(item, reader.Item)]


def problems(items) -> list[reader.Problem]:
    return [item for item in items if isinstance(item, reader.Problem)]


RELEASES = [release(1), release(2), release(3, ocid="ocds-x-2")]
RELEASE_PACKAGE = {"uri": "u", "version": "1.1", "publisher": {"name": "p"}, "releases": RELEASES}


def test_it_reads_a_pretty_printed_release_package_with_its_version(tmp_path):
    fmt, items = read_bytes(tmp_path, json.dumps(RELEASE_PACKAGE, indent=2).encode())

    assert fmt == "release_package"
    assert ids(items) == ["r1", "r2", "r3"]
    assert {item.version for item in items} == {"1.1"}
    assert [item.where.index for item in items] == [1, 2, 3]
    assert all(item.where.offset is not None and item.where.line is None for item in items)


def test_it_reads_a_compact_package_on_one_line(tmp_path):
    fmt, items = read_bytes(tmp_path, json.dumps(RELEASE_PACKAGE).encode())

    assert fmt == "jsonl"
    assert ids(items) == ["r1", "r2", "r3"]
    assert items[2].where.line == 1 and items[2].where.index == 3


def test_a_package_without_version_is_ocds_1_0(tmp_path):
    package = {"uri": "u", "releases": RELEASES}
    _, items = read_bytes(tmp_path, json.dumps(package).encode())

    assert {item.version for item in items} == {"1.0"}


def test_it_reads_json_lines_of_releases_with_line_numbers(tmp_path):
    data = b"".join(json.dumps(r).encode() + b"\n" for r in RELEASES)

    fmt, items = read_bytes(tmp_path, data, "r.jsonl")

    assert fmt == "jsonl"
    assert ids(items) == ["r1", "r2", "r3"]
    assert [item.where.line for item in items] == [1, 2, 3]
    assert {item.version for item in items} == {None}  # bare releases: each tells its version


def test_it_reads_json_lines_of_packages(tmp_path):
    lines = [
        {"version": "1.1", "releases": RELEASES[:2]},
        {"version": "1.1", "releases": RELEASES[2:]},
    ]
    _, items = read_bytes(tmp_path, b"\n".join(json.dumps(p).encode() for p in lines))

    assert ids(items) == ["r1", "r2", "r3"]
    assert [(item.where.line, item.where.index) for item in items] == [(1, 1), (1, 2), (2, 1)]


def test_it_reads_concatenated_pretty_printed_releases(tmp_path):
    data = b"".join(json.dumps(r, indent=2).encode() for r in RELEASES)

    fmt, items = read_bytes(tmp_path, data)

    assert fmt == "releases"
    assert ids(items) == ["r1", "r2", "r3"]


def test_it_reads_concatenated_pretty_printed_packages(tmp_path):
    package = json.dumps(RELEASE_PACKAGE, indent=2).encode()

    fmt, items = read_bytes(tmp_path, package + b"\n" + package)

    assert fmt == "release_package"
    assert ids(items) == ["r1", "r2", "r3"] * 2


def test_it_reads_a_top_level_array_of_releases(tmp_path):
    fmt, items = read_bytes(tmp_path, json.dumps(RELEASES, indent=1).encode())

    assert fmt == "array"
    assert ids(items) == ["r1", "r2", "r3"]


def test_it_reads_a_record_package_rejecting_linked_releases(tmp_path):
    package = {
        "version": "1.1",
        "records": [
            {"ocid": "ocds-x-1", "releases": RELEASES[:2], "compiledRelease": {"id": "c"}},
            {
                "ocid": "ocds-x-2",
                "releases": [{"url": "https://example.com/p.json#r3", "date": "2025", "tag": []}],
            },
            {
                "ocid": "ocds-x-3",
                "releases": [{"url": "https://example.com/p.json#r4", "date": "2025", "tag": []}],
                "compiledRelease": release(9, ocid="ocds-x-3"),
            },
        ],
    }

    fmt, items = read_bytes(tmp_path, json.dumps(package, indent=2).encode())

    assert fmt == "record_package"
    # The first record's compiled release is not used: it has full releases.
    assert ids(items) == ["r1", "r2", "r9"]
    linked = problems(items)
    assert len(linked) == 2
    assert "linked release of ocds-x-2" in linked[0].reason
    assert "https://example.com/p.json#r3" in linked[0].reason
    assert [item.where.index for item in items] == [1, 2, 3, 4, 5]


@pytest.mark.parametrize("layout", ["package", "jsonl"])
def test_it_reads_gzip_detected_from_the_bytes(tmp_path, layout):
    raw = (
        json.dumps(RELEASE_PACKAGE, indent=2).encode()
        if layout == "package"
        else b"\n".join(json.dumps(r).encode() for r in RELEASES)
    )

    _, items = read_bytes(tmp_path, gzip.compress(raw), "no-extension")

    assert ids(items) == ["r1", "r2", "r3"]


def test_it_skips_a_byte_order_mark(tmp_path):
    _, items = read_bytes(tmp_path, b"\xef\xbb\xbf" + json.dumps(RELEASE_PACKAGE).encode())

    assert ids(items) == ["r1", "r2", "r3"]


def test_a_malformed_json_line_is_reported_with_its_line_and_the_rest_is_read(tmp_path):
    data = b"\n".join(
        [
            json.dumps(RELEASES[0]).encode(),
            b'{"ocid": "broken", ',
            b"",
            json.dumps(RELEASES[1]).encode(),
        ]
    )

    _, items = read_bytes(tmp_path, data, "r.jsonl")

    assert ids(items) == ["r1", "r2"]
    [problem] = problems(items)
    assert problem.where.line == 2
    assert problem.reason.startswith("malformed JSON")
    assert items[-1].where.line == 4


def test_a_bad_first_line_still_reads_as_json_lines(tmp_path):
    data = b"\n".join(
        [b"{not json", json.dumps(RELEASES[0]).encode(), json.dumps(RELEASES[1]).encode()]
    )

    fmt, items = read_bytes(tmp_path, data)

    assert fmt == "jsonl"
    assert ids(items) == ["r1", "r2"]
    assert problems(items)[0].where.line == 1


def test_a_truncated_package_keeps_what_was_read_and_reports_the_offset(tmp_path):
    data = json.dumps(RELEASE_PACKAGE, indent=2).encode()
    cut = data.index(b'"r3"')

    _, items = read_bytes(tmp_path, data[:cut])

    assert ids(items) == ["r1", "r2"]
    [problem] = problems(items)
    assert problem.where.offset == cut  # the whole (small) file had been read
    assert f"at or before byte {cut:,}" in problem.reason
    assert "2 release(s) before it were read" in problem.reason


def test_a_corrupt_gzip_stream_is_a_problem_not_a_crash(tmp_path):
    # Random text barely compresses, so half the gzip holds more than the sniffed megabyte.
    rows = [release(1, ocid=f"o{n}", blob=os.urandom(300).hex()) for n in range(6000)]
    compressed = gzip.compress(b"\n".join(json.dumps(r).encode() for r in rows))

    _, items = read_bytes(tmp_path, compressed[: len(compressed) // 2])

    assert ids(items)  # what came before the cut
    assert problems(items)[-1].reason.startswith("cannot read")


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "empty"),
        (b"   \n", "empty"),
        (b"ocid,id,date\n1,2,3\n", "not JSON"),
        (b"\x00\x01binary", "not JSON"),
    ],
)
def test_input_that_is_not_json_at_all_is_unreadable(tmp_path, data, message):
    with pytest.raises(reader.Unreadable, match=message):
        read_bytes(tmp_path, data)


def test_a_missing_file_is_unreadable(tmp_path):
    with pytest.raises(reader.Unreadable, match="cannot open"):
        reader.open_source(str(tmp_path / "nope.json"))


def test_it_reads_stdin(monkeypatch):
    data = b"\n".join(json.dumps(r).encode() for r in RELEASES)
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data)))

    source = reader.open_source("-")

    assert source.name == "<stdin>"
    assert ids(reader.read(source)) == ["r1", "r2", "r3"]


def test_a_big_document_streams_with_growing_offsets(tmp_path):
    package = {
        "version": "1.1",
        "releases": [release(1, ocid=f"o{n}", blob="x" * 1000) for n in range(300)],
    }

    _, items = read_bytes(tmp_path, json.dumps(package, indent=2).encode())

    offsets = [item.where.offset for item in items]
    assert len(items) == 300
    assert offsets == sorted(offsets) and offsets[0] < offsets[-1]


# --- one release: checks, upgrade, hash -------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        ([1, 2], "release is an array, not a JSON object"),
        ("text", "release is a string, not a JSON object"),
        ({"id": "1", "date": "2025-01-01"}, "missing ocid"),
        ({"ocid": "o"}, "missing date"),
        ({"ocid": "o", "id": 7, "date": "2025-01-01"}, "id is a number, not a string"),
        ({"ocid": "o ", "id": "1", "date": "2025-01-01"}, "ocid has leading or trailing"),
        ({"ocid": "o", "id": "1"}, "missing date"),
        ({"ocid": 5, "id": "1", "date": "2025-01-01"}, "ocid is a number, not a string"),
        ({"ocid": "o", "id": None}, "missing date"),
        ({"ocid": "o", "id": "1", "date": None}, "date is null, not a string"),
        ({"ocid": "o", "id": "1", "date": "2025-01-01", "tag": "tender"}, "tag is a string"),
        ({"ocid": "o", "id": "1", "date": "2025-01-01", "tag": [1]}, "tag is an array, not"),
        ({"ocid": " ", "id": "1", "date": "2025-01-01"}, "ocid is empty"),
        ({"ocid": "o" * 256, "id": "1", "date": "2025-01-01"}, "longer than 255"),
        ({"ocid": "o\x00", "id": "1", "date": "2025-01-01"}, "NUL"),
        ({"ocid": "o", "id": "1", "date": "2025-01-01", "n": 2**70}, "cannot serialise"),
    ],
)
def test_it_rejects_releases_it_cannot_store(data, reason):
    with pytest.raises(ReleaseRejected) as caught:
        prepare(data, "1.1")
    assert reason in caught.value.reason


def test_the_hash_ignores_key_order_but_not_content():
    a = prepare({"ocid": "o", "id": "1", "date": "2025-01-01", "x": 1, "y": 2}, "1.1")
    b = prepare({"y": 2, "x": 1, "date": "2025-01-01", "id": "1", "ocid": "o"}, "1.1")
    c = prepare({"ocid": "o", "id": "1", "date": "2025-01-01", "x": 1, "y": 3}, "1.1")

    assert a.content_hash == b.content_hash != c.content_hash
    assert a.date and a.date.isoformat() == "2025-01-01T00:00:00+00:00"


def test_an_ocds_1_0_release_is_upgraded_and_a_1_1_release_is_not():
    old = {"ocid": "o", "id": "1", "date": "2014-01-01", "buyer": {"name": "Council"}}
    new = {"ocid": "o", "id": "1", "date": "2014-01-01", "buyer": {"name": "Council"}}

    upgraded = json.loads(prepare(old, None).data)  # bare release with no parties: 1.0
    kept = json.loads(prepare(new, "1.1").data)  # a 1.1 package says so

    assert upgraded["parties"][0]["roles"] == ["buyer"]
    assert upgraded["buyer"] == {"id": upgraded["parties"][0]["id"], "name": "Council"}
    assert "parties" not in kept


def test_a_broken_1_0_release_is_rejected_not_crashed_on():
    broken = {
        "ocid": "o",
        "id": "1",
        "date": "2014-01-01",
        "contracts": [{"implementation": {"transactions": [{"id": "t"}]}}],
    }

    with pytest.raises(ReleaseRejected, match="cannot upgrade from OCDS 1.0"):
        prepare(broken, "1.0")


def test_an_unparseable_date_is_stored_as_text_only():
    prepared = prepare({"ocid": "o", "id": "1", "date": "sometime in 2025"}, "1.1")

    assert prepared.date is None and prepared.date_text == "sometime in 2025"


def test_the_releases_digest_ignores_order():
    assert releases_digest([("a", "1"), ("b", "2")]) == releases_digest([("b", "2"), ("a", "1")])
    assert releases_digest([("a", "1")]) != releases_digest([("a", "2")])
