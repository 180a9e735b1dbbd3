"""Read OCDS releases from any packaging, detected from the bytes, streaming, with positions.

Accepted: a release package, a record package, JSON lines (each line a release, a
package or an array of releases), concatenated JSON (releases or packages one after
another), a top-level JSON array of releases, and gzip of any of these.

Two ways of reading, chosen by ``sniff``:

* JSON lines: every line is parsed on its own with orjson, so a malformed line is
  reported with its line number and the next line is read as usual. Positions are
  line numbers (plus the release's index when the line is a package).
* One big document (or several concatenated): ijson's C backend streams the items
  (``releases.item`` or ``records.item``) so memory stays flat however big the
  package is. ijson gives no positions, so the stream is wrapped in a byte counter:
  a position is "at or before byte N", exact to within one read (64 KiB), plus the
  release's index in the stream. A malformed document ends the file: the releases
  read before the error are kept and the error is reported with its byte offset.

Records hold releases; linked releases (only ``url``, ``date`` and ``tag``) cannot be
stored and are reported as rejected. A record with no full releases but a
``compiledRelease`` gives that compiled release (it merges to itself), so the process
is not lost.
"""

from __future__ import annotations

import io
import sys
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from typing import IO, Any

import ijson
import orjson

from smarterstate.core.uploads import LimitedReader, LimitExceeded, open_limited

SNIFF_BYTES = 1 << 20  # how much is read to tell JSON lines from a document
READ_SIZE = 1 << 16
LINES_SNIFFED = 5

# Top-level keys that say "this object is a package" or "this object is a release".
PACKAGE_KEYS = frozenset(
    {"releases", "records", "publisher", "publishedDate", "packages", "extensions", "uri"}
)
RELEASE_KEYS = frozenset(
    {
        "ocid",
        "id",
        "date",
        "tag",
        "initiationType",
        "parties",
        "buyer",
        "planning",
        "tender",
        "awards",
        "contracts",
        "language",
        "relatedProcesses",
    }
)


class Unreadable(Exception):
    """The input as a whole cannot be read: missing, empty or not JSON at all."""


@dataclass(frozen=True)
class Where:
    """Where a release (or an error) is: the file and its line, or a byte offset; ``index`` is its rank."""

    source: str
    line: int | None = None
    offset: int | None = None
    index: int | None = None  # the release's rank in its package or stream (1-based)

    def __str__(self) -> str:
        text = self.source
        if self.line is not None:
            text += f", line {self.line}"
        if self.offset is not None:
            text += f", byte {self.offset}"
        if self.index is not None:
            text += f", release {self.index}"
        return text

    def as_dict(self, reason: str) -> dict[str, Any]:
        return {"source": self.source, "line": self.line, "offset": self.offset, "reason": reason}


@dataclass
class Item:
    """A candidate release and the OCDS version of the package it came in (None: a bare release)."""

    data: Any
    where: Where
    version: str | None = None


@dataclass
class Problem:
    """Something in the input that is not a release: malformed JSON, a linked release, a bad package."""

    where: Where
    reason: str


class _CountingReader:
    """Counts the bytes handed to the parser, for approximate offsets in big documents."""

    def __init__(self, stream: IO[bytes]):
        self.stream = stream
        self.count = 0

    def read(self, size: int = -1) -> bytes:
        data = self.stream.read(size)
        self.count += len(data)
        return data


@dataclass
class Source:
    """An opened input: its display name, buffered byte stream, and detected format."""

    name: str
    stream: IO[bytes]
    format: str  # "jsonl", "array", "release_package", "record_package", "releases"
    version: str | None = None  # the first package's "version", when seen before its releases
    owns_stream: bool = True
    guard: LimitedReader | None = None  # the limits; a document marks each release on it

    def close(self) -> None:
        if self.owns_stream:
            self.stream.close()


def open_source(path: str, name: str | None = None) -> Source:
    """Open a path (``-`` for stdin), undo gzip, and detect the format. Raises Unreadable."""
    if path == "-":
        raw: IO[bytes] = sys.stdin.buffer
        name = name or "<stdin>"
        owns = False
    else:
        name = name or path
        try:
            raw = open(path, "rb")  # noqa: SIM115 - Source.close closes it
        except OSError as exc:
            raise Unreadable(f"{name}: cannot open ({exc.strerror})") from exc
        owns = True
    # The upload policy's limits hold while streaming (decompressed size and ratio, a
    # line of JSON lines, one release of a document, nesting depth): see core.uploads.
    stream, guard = open_limited(
        io.BufferedReader(raw, SNIFF_BYTES),  # type: ignore[arg-type]
        kind="ocds",
        source=name,
        buffer_size=SNIFF_BYTES,
    )
    try:
        fmt, version = sniff(stream, name)
    except (OSError, EOFError, zlib.error) as exc:
        if owns:
            stream.close()
        raise Unreadable(f"{name}: cannot read ({exc})") from exc
    except (Unreadable, LimitExceeded):
        if owns:
            stream.close()
        raise
    if fmt == "jsonl":
        guard.stop_depth()  # each line is parsed by orjson, which caps nesting itself
    else:
        guard.stop_lines()  # a document may be one long line: each release is bounded instead
        guard.mark()
    return Source(
        name=name, stream=stream, format=fmt, version=version, owns_stream=owns, guard=guard
    )


def _peek(stream: IO[bytes], size: int) -> bytes:
    """Up to ``size`` bytes from the start without consuming them (several raw reads if needed)."""
    head = stream.peek(size)  # type: ignore[attr-defined]
    if len(head) >= size:
        return head[:size]
    # peek does one raw read; a pipe or gzip may give less than the buffer holds.
    while True:
        more = stream.peek(size)  # type: ignore[attr-defined]
        if len(more) <= len(head):
            return more
        head = more
        if len(head) >= size:
            return head[:size]


def sniff(stream: IO[bytes], name: str) -> tuple[str, str | None]:
    """Tell the format from the first bytes (not consumed, except a UTF-8 BOM)."""
    head = _peek(stream, SNIFF_BYTES)
    if head.startswith(b"\xef\xbb\xbf"):
        stream.read(3)
        head = head[3:]
    stripped = head.lstrip()
    if not stripped:
        raise Unreadable(f"{name}: empty (no JSON data)")
    first = stripped[:1]
    if first not in (b"{", b"["):
        raise Unreadable(f"{name}: not JSON (starts with {stripped[:20]!r})")
    if _looks_like_json_lines(head, complete=len(head) < SNIFF_BYTES):
        return "jsonl", None
    if first == b"[":
        return "array", None
    return _sniff_document(stripped)


def _looks_like_json_lines(head: bytes, *, complete: bool) -> bool:
    """True when one of the first lines is a whole JSON object or array on its own.

    Lines of a pretty-printed document never are; a compact single document on one
    line is too (and is read as one line, which is fine: it fitted in the sniff).
    """
    lines = head.split(b"\n")
    if not complete:
        lines = lines[:-1]  # the last piece may be cut short
    tried = 0
    for line in lines:
        line = line.strip()
        if not line:
            continue
        tried += 1
        if line[:1] in (b"{", b"["):
            try:
                value = orjson.loads(line)
            except orjson.JSONDecodeError:
                value = None
            if isinstance(value, dict | list):
                return True
        if tried >= LINES_SNIFFED:
            break
    return False


def _sniff_document(head: bytes) -> tuple[str, str | None]:
    """Is the first document a release package, a record package or a bare release? And its version."""
    version = None
    kind = None
    events = ijson.parse(io.BytesIO(head), multiple_values=True)
    expect_version = False
    try:
        for prefix, event, value in events:
            if expect_version:
                expect_version = False
                if isinstance(value, str):
                    version = value
            if prefix != "" or event != "map_key":
                continue
            if value == "version":
                expect_version = True
            elif value == "releases":
                kind = "release_package"
            elif value == "records":
                kind = "record_package"
            elif value in PACKAGE_KEYS:
                kind = kind or "release_package"
                continue
            elif value in RELEASE_KEYS and kind is None:
                kind = "releases"
            if kind in ("record_package", "releases") or value == "releases":
                break
    except ijson.JSONError:
        pass  # cut short by the sniff window or malformed: the reader reports it with its offset
    return kind or "release_package", version


def read(source: Source) -> Iterator[Item | Problem]:
    """Every candidate release in the source (or a problem), in input order."""
    if source.format == "jsonl":
        yield from _read_json_lines(source)
    else:
        yield from _read_document(source)


def _read_json_lines(source: Source) -> Iterator[Item | Problem]:
    for chunk in json_line_chunks(source, 1):
        if isinstance(chunk, Problem):
            yield chunk
        else:
            yield from parse_lines(source.name, chunk)


def json_line_chunks(source: Source, size: int) -> Iterator[list[tuple[int, bytes]] | Problem]:
    """The non-empty lines of a JSON lines source with their numbers, ``size`` at a time.

    Parsing is left to ``parse_lines`` so that it can run in another process.
    """
    number = 0
    chunk: list[tuple[int, bytes]] = []
    stream = source.stream
    while True:
        try:
            line = stream.readline()
        except (OSError, EOFError, zlib.error) as exc:
            if chunk:
                yield chunk
            yield Problem(Where(source.name, line=number + 1), f"cannot read: {exc}")
            return
        if not line:
            break
        number += 1
        if line.strip():
            chunk.append((number, line))
            if len(chunk) >= size:
                yield chunk
                chunk = []
    if chunk:
        yield chunk


def parse_lines(name: str, lines: list[tuple[int, bytes]]) -> Iterator[Item | Problem]:
    for number, line in lines:
        try:
            value = orjson.loads(line)
        except orjson.JSONDecodeError as exc:
            yield Problem(Where(name, line=number), f"malformed JSON: {exc}")
            continue
        yield from _expand(value, name, line=number, offset=None, version=None)


def _expand(
    value: Any, name: str, *, line: int | None, offset: int | None, version: str | None
) -> Iterator[Item | Problem]:
    """A parsed value: a release, a package or an array of them, as releases."""
    if isinstance(value, dict) and isinstance(value.get("releases"), list) and "ocid" not in value:
        package_version = value.get("version", "1.0")
        for index, release in enumerate(value["releases"], 1):
            yield Item(release, Where(name, line, offset, index), package_version)
    elif isinstance(value, dict) and isinstance(value.get("records"), list):
        package_version = value.get("version", "1.0")
        index = 0
        for record in value["records"]:
            for item in _record_releases(record, name, line, offset, index, package_version):
                index = item.where.index or index
                yield item
    elif isinstance(value, list):
        for index, release in enumerate(value, 1):
            if isinstance(release, dict) and ("releases" in release or "records" in release):
                yield from _expand(release, name, line=line, offset=offset, version=version)
            else:
                yield Item(release, Where(name, line, offset, index), version)
    else:
        yield Item(value, Where(name, line, offset), version)


def _record_releases(
    record: Any, name: str, line: int | None, offset: int | None, index: int, version: str | None
) -> Iterator[Item | Problem]:
    if not isinstance(record, dict):
        index += 1
        yield Problem(Where(name, line, offset, index), "record is not a JSON object")
        return
    releases = record.get("releases")
    full = 0
    for release in releases if isinstance(releases, list) else []:
        index += 1
        where = Where(name, line, offset, index)
        if isinstance(release, dict) and "url" in release and "ocid" not in release:
            yield Problem(
                where,
                f"linked release of {record.get('ocid', '?')} (only url, date and tag) cannot be "
                f"stored: import the release package it links to ({release.get('url')})",
            )
            continue
        full += 1
        yield Item(release, where, version)
    if not full and isinstance(record.get("compiledRelease"), dict):
        index += 1
        yield Item(record["compiledRelease"], Where(name, line, offset, index), version)


def _read_document(source: Source) -> Iterator[Item | Problem]:
    counter = _CountingReader(source.stream)
    prefix = {
        "array": "item",
        "release_package": "releases.item",
        "record_package": "records.item",
        "releases": "",
    }[source.format]
    items = ijson.items(counter, prefix, multiple_values=True, use_float=True, buf_size=READ_SIZE)
    index = 0
    # A package's "version" is known only when it comes before its releases (as it does
    # in practice); otherwise each release tells by itself (see release.upgrade).
    version = source.version if source.format.endswith("package") else None
    try:
        for value in items:
            if source.guard is not None:
                source.guard.mark()  # the next release's bytes are counted from here
            if source.format == "record_package":
                for item in _record_releases(
                    value, source.name, None, counter.count, index, version
                ):
                    index = item.where.index or index
                    yield item
                continue
            index += 1
            where = Where(source.name, offset=counter.count, index=index)
            if (
                source.format in ("array", "releases")
                and isinstance(value, dict)
                and ("releases" in value or "records" in value)
            ):
                yield from _expand(
                    value, source.name, line=None, offset=counter.count, version=None
                )
                continue
            yield Item(value, where, version)
    except ijson.JSONError as exc:
        message = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        yield Problem(
            Where(source.name, offset=counter.count),
            f"malformed JSON at or before byte {counter.count:,} ({message}); "
            f"the {index:,} release(s) before it were read, the rest of this file was not",
        )
    except (OSError, EOFError, zlib.error) as exc:
        yield Problem(
            Where(source.name, offset=counter.count),
            f"cannot read after byte {counter.count:,} ({exc}); the rest of this file was not read",
        )
