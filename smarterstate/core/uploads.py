"""The one upload policy: how big a file of each kind may be, as uploaded and as read.

Every upload form (``core.forms.UploadField``), every import job and every import
command reading a file goes through here, so a hostile file is refused the same way
wherever it comes in:

* ``check_upload(kind, file)`` refuses a file before any job is queued: larger than
  the kind's upload limit, or (reading at most ``PRECHECK_BYTES`` of it) a gzip that
  inflates past its ratio, a line longer than the line limit, a JSON document over its
  size or nesting limit, a zip (XLSX) whose members add up to too much.
* ``open_limited(path, kind)`` opens a file for an importer as a byte stream that
  undoes gzip and enforces the same limits *while streaming*: the decompressed total
  and ratio, the longest line (counted in bytes before any line is built), an optional
  record mark (one release of a big OCDS document) and an optional JSON nesting depth.
  It raises ``LimitExceeded`` naming the limit, its value and the setting that raises it.

The limits, their defaults per kind and their settings are listed in
docs/uploads.md. A setting ``UPLOAD_MAX_<LIMIT>`` applies to every kind,
``UPLOAD_MAX_<LIMIT>_<KIND>`` (kind in capitals, dashes as underscores) to one.
"""

from __future__ import annotations

import gzip
import io
import re
import zipfile
import zlib
from dataclasses import dataclass, fields, replace
from itertools import accumulate, count
from operator import sub
from typing import IO, Any

KiB = 1024
MiB = 1024 * KiB
GiB = 1024 * MiB

# A ratio is only judged once this much has been inflated: small files of one repeated
# value compress very well and are harmless.
RATIO_GRACE_BYTES = 8 * MiB
# How much of an upload the form reads to check it (the worker checks the rest).
PRECHECK_BYTES = 64 * MiB
READ_SIZE = 256 * KiB


@dataclass(frozen=True)
class Limits:
    """What one kind of upload may be. Sizes in bytes; 0 turns a limit off."""

    bytes: int = 50 * MiB  # the file as uploaded (compressed if it is)
    decompressed_bytes: int = 1 * GiB  # everything read after undoing gzip or zip
    ratio: int = 100  # decompressed bytes per compressed byte
    line_bytes: int = 1 * MiB  # one line of CSV or JSON lines; one release of an OCDS document
    document_bytes: int = 0  # a single-document format read whole (CycloneDX)
    json_depth: int = 0  # nesting of a JSON document parsed as a stream (OCDS)

    def describe(self, name: str) -> str:
        if name == "ratio":
            return f"{self.ratio}:1"
        if name == "json_depth":
            return f"{self.json_depth} levels"
        return format_bytes(getattr(self, name))


# Defaults per kind (the importer names of jobs.tasks.IMPORTERS, and "ocds").
DEFAULTS = Limits()
KIND_DEFAULTS: dict[str, Limits] = {
    "organisations": Limits(bytes=50 * MiB, decompressed_bytes=512 * MiB),
    "skills-people": Limits(bytes=100 * MiB, decompressed_bytes=2 * GiB),
    "skills-training-records": Limits(bytes=500 * MiB, decompressed_bytes=8 * GiB),
    "outcome-measurements": Limits(bytes=50 * MiB, decompressed_bytes=1 * GiB),
    # CSV or XLSX; openpyxl holds an XLSX's shared strings in memory, so it is capped low.
    "lifecycle-register": Limits(bytes=20 * MiB, decompressed_bytes=32 * MiB),
    # CycloneDX is one JSON document read whole: 20 MiB parses to ~100 MB of objects.
    "lifecycle-sbom": Limits(
        bytes=20 * MiB,
        decompressed_bytes=20 * MiB,
        document_bytes=20 * MiB,
        line_bytes=0,
        json_depth=64,
    ),
    # Civil Service People Survey results: an ODS (its ~3 MB of XML held in memory by the
    # spreadsheet reader, hence the low cap) or a CSV of one row per organisation.
    "capacity-people-survey": Limits(bytes=20 * MiB, decompressed_bytes=32 * MiB),
    # Bulk OCDS: streamed, so only a release (line or document item) must fit in memory.
    "ocds": Limits(bytes=2 * GiB, decompressed_bytes=50 * GiB, line_bytes=16 * MiB, json_depth=64),
    # Reference data read by commands only (capability frameworks, endoflife.date's
    # catalogue, which is one JSON document on one line).
    "reference": Limits(bytes=0, decompressed_bytes=256 * MiB, line_bytes=0),
}

SETTING_NAMES = {
    "bytes": "UPLOAD_MAX_BYTES",
    "decompressed_bytes": "UPLOAD_MAX_DECOMPRESSED_BYTES",
    "ratio": "UPLOAD_MAX_RATIO",
    "line_bytes": "UPLOAD_MAX_LINE_BYTES",
    "document_bytes": "UPLOAD_MAX_DOCUMENT_BYTES",
    "json_depth": "UPLOAD_MAX_JSON_DEPTH",
}
LIMIT_NAMES = {
    "bytes": "upload size",
    "decompressed_bytes": "decompressed size",
    "ratio": "compression ratio",
    "line_bytes": "line size",
    "document_bytes": "document size",
    "json_depth": "JSON nesting depth",
}


def format_bytes(size: int) -> str:
    for unit, scale in (("GiB", GiB), ("MiB", MiB), ("KiB", KiB)):
        if size >= scale:
            value = size / scale
            return f"{value:.0f} {unit}" if value == int(value) else f"{value:.1f} {unit}"
    return f"{size} bytes"


def setting_name(limit: str, kind: str) -> str:
    return f"{SETTING_NAMES[limit]}_{kind.upper().replace('-', '_')}"


def limits_for(kind: str) -> Limits:
    """The kind's limits: its defaults, then UPLOAD_MAX_* settings for all kinds, then its own."""
    from django.conf import settings

    overrides: dict[str, int] = getattr(settings, "UPLOAD_LIMIT_OVERRIDES", {})
    limits = KIND_DEFAULTS.get(kind, DEFAULTS)
    changes: dict[str, Any] = {}
    for limit in (f.name for f in fields(Limits)):
        for name in (SETTING_NAMES[limit], setting_name(limit, kind)):
            if name in overrides:
                changes[limit] = overrides[name]
    return replace(limits, **changes) if changes else limits


class InputUnreadable(Exception):
    """The input as a whole cannot be read (missing file, wrong format). Exit non-zero.

    Re-exported by core.importing, where importers find it.
    """


class LimitExceeded(InputUnreadable):
    """An input is over one of its kind's limits. The message is written for people."""

    def __init__(self, message: str, *, limit: str, kind: str):
        super().__init__(message)
        self.limit = limit
        self.kind = kind


def _exceeded(source: str, what: str, limit: str, limits: Limits, kind: str) -> LimitExceeded:
    return LimitExceeded(
        f"{source}: {what}; the {LIMIT_NAMES[limit]} limit for this kind of file is "
        f"{limits.describe(limit)} (setting {setting_name(limit, kind)})",
        limit=limit,
        kind=kind,
    )


# -- the streaming guard -------------------------------------------------------------------

# An escape pair inside a JSON string (\" must not end the string).
_ESCAPE = re.compile(rb"\\.", re.DOTALL)
_NOT_BRACKETS = bytes(b for b in range(256) if b not in b"[]{}")
_BRACKET_STEPS = bytes.maketrans(b"[{]}", b"\x02\x02\x00\x00")


class _DepthMeter:
    """The nesting depth of a JSON byte stream, fed in chunks, strings skipped.

    Python per byte would be far too slow for gigabytes of OCDS (~110 MB/s this way), so
    each chunk is done with C-speed primitives: escape pairs removed, the text split on
    quotes (every other piece is outside strings), brackets kept by translate, and the
    running depth's maximum taken over itertools.accumulate.
    """

    def __init__(self) -> None:
        self.depth = 0
        self.in_string = False
        self.carry = b""  # a backslash that ended the last chunk (its escape goes on)

    def feed(self, chunk: bytes) -> int:
        """Feed the next bytes; returns the deepest nesting reached in them."""
        data = self.carry + chunk
        self.carry = b""
        if b"\\" in data:
            data = _ESCAPE.sub(b"", data)
            if data.endswith(b"\\"):  # only an unpaired backslash can be left, at the end
                self.carry, data = b"\\", data[:-1]
        pieces = data.split(b'"')
        outside = b"".join(pieces[1::2] if self.in_string else pieces[0::2])
        if len(pieces) % 2 == 0:
            self.in_string = not self.in_string
        steps = outside.translate(_BRACKET_STEPS, _NOT_BRACKETS)
        if not steps:
            return self.depth
        # depth after k brackets = start + sum(step - 1); step is 2 for an opener, 0 for a closer
        deepest = self.depth + max(map(sub, accumulate(steps), count(1)))
        self.depth += sum(steps) - len(steps)
        return deepest


class LimitedReader(io.RawIOBase):
    """A raw byte stream over an (optionally gzip-compressed) file that enforces limits.

    ``compressed`` counts the bytes taken from the file, so the ratio is measured as
    the data inflate. Lines are counted in bytes as they pass, so a line longer than the
    limit is refused before any reader has built it. ``mark()`` starts a new record (an
    OCDS reader calls it after each release), bounding one record's bytes too.
    """

    def __init__(
        self,
        raw: IO[bytes],
        *,
        limits: Limits,
        kind: str,
        source: str,
        compressed: bool,
        lines: bool = True,
        json_depth: bool = False,
    ):
        super().__init__()
        self._counted = _Counting(raw)
        self._inner: IO[bytes] = (
            gzip.GzipFile(fileobj=self._counted) if compressed else self._counted
        )  # type: ignore[assignment]
        self.limits = limits
        self.kind = kind
        self.source = source
        self.compressed = compressed
        self.lines = lines
        self.total = 0
        self.line_number = 1
        self._line_length = 0
        self._mark = 0
        self._records = False
        self._depth = _DepthMeter() if json_depth and limits.json_depth else None

    def readable(self) -> bool:
        return True

    def mark(self) -> None:
        self._records = True
        self._mark = self.total

    def readinto(self, buffer) -> int:
        size = min(len(buffer), READ_SIZE)
        try:
            data = self._inner.read(size)
        except (zlib.error, EOFError, gzip.BadGzipFile) as exc:
            raise OSError(f"not a readable gzip stream ({exc})") from exc
        n = len(data)
        if not n:
            return 0
        self.total += n
        self._check(data)
        buffer[:n] = data
        return n

    def _check(self, data: bytes) -> None:
        limits = self.limits
        if limits.decompressed_bytes and self.total > limits.decompressed_bytes:
            raise self._exceeded(
                f"more than {format_bytes(limits.decompressed_bytes)} once decompressed",
                "decompressed_bytes",
            )
        if (
            self.compressed
            and limits.ratio
            and self.total > RATIO_GRACE_BYTES
            and self.total > limits.ratio * max(self._counted.count, 1)
        ):
            raise self._exceeded(
                f"{format_bytes(self._counted.count)} inflated to more than "
                f"{format_bytes(self.total)} (a ratio over {limits.ratio}:1)",
                "ratio",
            )
        if self.lines and limits.line_bytes:
            self._check_lines(data)
        if self._records and limits.line_bytes and self.total - self._mark > limits.line_bytes:
            raise self._exceeded(
                f"one record (after byte {self._mark:,}) is longer than "
                f"{format_bytes(limits.line_bytes)}",
                "line_bytes",
            )
        if self._depth is not None and self._depth.feed(data) > limits.json_depth:
            raise self._exceeded(
                f"JSON nested more than {limits.json_depth} deep before byte {self.total:,}",
                "json_depth",
            )

    def _check_lines(self, data: bytes) -> None:
        """Lines are measured in bytes as they pass (C-speed find/split), never built."""
        limit = self.limits.line_bytes
        first = data.find(b"\n")
        if first < 0:
            self._line_length += len(data)
            if self._line_length > limit:
                self._line_too_long(self.line_number)
            return
        if self._line_length + first > limit:
            self._line_too_long(self.line_number)
        last = data.rfind(b"\n")
        if last > first:
            lengths = list(map(len, data[first + 1 : last].split(b"\n")))
            if max(lengths) > limit:
                self._line_too_long(self.line_number + 1 + next(
                    i for i, length in enumerate(lengths) if length > limit
                ))  # fmt: skip
        self.line_number += data.count(b"\n")
        self._line_length = len(data) - last - 1
        if self._line_length > limit:
            self._line_too_long(self.line_number)

    def _line_too_long(self, number: int) -> None:
        raise self._exceeded(
            f"line {number:,} is longer than {format_bytes(self.limits.line_bytes)}",
            "line_bytes",
        )

    def stop_lines(self) -> None:
        """A single JSON document may be one long line: its records are bounded instead."""
        self.lines = False

    def stop_depth(self) -> None:
        """JSON lines are parsed one by one (orjson caps nesting itself)."""
        self._depth = None

    def _exceeded(self, what: str, limit: str) -> LimitExceeded:
        return _exceeded(self.source, what, limit, self.limits, self.kind)

    def close(self) -> None:
        if not self.closed:
            try:
                self._inner.close()
                self._counted.close()
            finally:
                super().close()


class _Counting(io.RawIOBase):
    """Counts the bytes taken from the file (the compressed side of the ratio)."""

    def __init__(self, raw: IO[bytes]):
        super().__init__()
        self.raw = raw
        self.count = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        data = self.raw.read(len(buffer))
        n = len(data)
        buffer[:n] = data
        self.count += n
        return n

    def close(self) -> None:
        if not self.closed:
            self.raw.close()
            super().close()


def open_limited(
    raw: IO[bytes],
    *,
    kind: str,
    source: str,
    limits: Limits | None = None,
    buffer_size: int = io.DEFAULT_BUFFER_SIZE,
) -> tuple[io.BufferedReader, LimitedReader]:
    """A buffered stream over ``raw`` (gzip undone when the bytes say so) with the kind's limits.

    Returns the stream to read and its guard (for ``mark()``, ``stop_lines()``,
    ``stop_depth()`` and counts). JSON nesting is measured when the kind has a depth limit.
    """
    limits = limits or limits_for(kind)
    peekable = raw if hasattr(raw, "peek") else io.BufferedReader(raw)  # type: ignore[arg-type]
    head = peekable.peek(4)[:4]  # type: ignore[attr-defined]
    guard = LimitedReader(
        peekable, limits=limits, kind=kind, source=source, compressed=head[:2] == b"\x1f\x8b",
        lines=not is_zip(head),  # a zip's lines mean nothing: check_zip bounds its members
        json_depth=bool(limits.json_depth),
    )  # fmt: skip
    return io.BufferedReader(guard, buffer_size), guard


def is_zip(head: bytes) -> bool:
    return head[:4] == b"PK\x03\x04"


def check_zip(stream: IO[bytes], *, kind: str, source: str, limits: Limits | None = None) -> None:
    """Refuse a zip (an XLSX) whose members add up past the limits, before it is opened.

    Python's zipfile never inflates a member past its declared size, so checking the
    declared sizes bounds what openpyxl can read.
    """
    limits = limits or limits_for(kind)
    try:
        with zipfile.ZipFile(stream) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, OSError):
        return  # not a zip after all: its reader says what is wrong with it
    finally:
        stream.seek(0)
    total = sum(member.file_size for member in members)
    packed = sum(member.compress_size for member in members)
    if limits.decompressed_bytes and total > limits.decompressed_bytes:
        raise _exceeded(
            source, f"its parts add up to {format_bytes(total)} once decompressed",
            "decompressed_bytes", limits, kind,
        )  # fmt: skip
    if limits.ratio and total > RATIO_GRACE_BYTES and total > limits.ratio * max(packed, 1):
        raise _exceeded(
            source, f"{format_bytes(packed)} inflate to {format_bytes(total)}",
            "ratio", limits, kind,
        )  # fmt: skip


def read_document(stream: IO[bytes], *, kind: str, source: str) -> bytes:
    """A single JSON document read whole (CycloneDX), refused past the document size limit."""
    limits = limits_for(kind)
    if not limits.document_bytes:
        return stream.read()
    data = stream.read(limits.document_bytes + 1)
    if len(data) > limits.document_bytes:
        raise _exceeded(
            source, f"the document is more than {format_bytes(limits.document_bytes)}",
            "document_bytes", limits, kind,
        )  # fmt: skip
    return data


# -- refusing an upload before a job is queued ---------------------------------------------


def check_upload(kind: str, upload, *, name: str | None = None, columns=()) -> None:
    """Raise LimitExceeded if an uploaded file breaks its kind's limits (read up to PRECHECK_BYTES),
    or upload_content.ContentRefused if its first block is not in the kind's format (or lacks
    one of ``columns`` in a CSV header row).

    ``upload`` is a Django UploadedFile (or any object with ``size`` and ``open``/``seek``).
    The file is rewound afterwards, ready to be saved.
    """
    from .upload_content import TextFollower, check_first_block

    limits = limits_for(kind)
    source = name or getattr(upload, "name", None) or "the file"
    if limits.bytes and upload.size > limits.bytes:
        raise _exceeded(source, f"it is {format_bytes(upload.size)}", "bytes", limits, kind)
    upload.seek(0)
    try:
        head = upload.read(4)
        upload.seek(0)
        if is_zip(head):
            check_zip(upload, kind=kind, source=source, limits=limits)
            return
        stream, guard = open_limited(_Unclosable(upload), kind=kind, source=source, limits=limits)
        text = TextFollower(kind, source)  # a CSV's encoding, through every block read
        with stream:
            first = block = stream.read(READ_SIZE)
            while text.feed(block) and guard.total < PRECHECK_BYTES:
                block = stream.read(READ_SIZE)
            if limits.document_bytes and guard.total > limits.document_bytes:
                raise _exceeded(
                    source, f"the document is more than {format_bytes(limits.document_bytes)}",
                    "document_bytes", limits, kind,
                )  # fmt: skip
        # Limits first (a bomb is refused as one), then the format of the first block.
        check_first_block(kind, first, source=source, columns=columns)
        text.refuse()
    except OSError:
        # Unreadable (a corrupt gzip, say): the importer says so with a position.
        pass
    finally:
        upload.seek(0)


class _Unclosable(io.RawIOBase):
    """Lets the check read an upload through buffered wrappers without closing it."""

    def __init__(self, upload):
        super().__init__()
        self.upload = upload

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        data = self.upload.read(len(buffer))
        n = len(data)
        buffer[:n] = data
        return n
