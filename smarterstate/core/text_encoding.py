"""CSV text in UTF-8 or, as Excel's plain "CSV" saves it, Windows-1252 (issue 16, item 3).

A CSV is read as UTF-8 (a byte-order mark allowed). When the first byte that is not
UTF-8 comes before any other non-ASCII text, the file is read as Windows-1252 from the
start (the ASCII before it reads the same in both) and the import says so once, in its
report. A byte that is a character in neither (0x81, 0x8D, 0x8F, 0x90, 0x9D in
Windows-1252) or a file that mixes UTF-8 with other bytes is refused, naming the line
and byte offset.

``Utf8OrCp1252`` does this on a byte stream as it passes (after ``core.uploads`` has
counted its lines and bytes, so every limit still holds on the bytes as uploaded) and
hands on UTF-8; ``decode_text`` does it for text read whole.
"""

from __future__ import annotations

import codecs
import io
from collections.abc import Callable
from typing import IO

from .uploads import READ_SIZE, InputUnreadable

CP1252_NOTE = "read as Windows-1252 (Excel’s “CSV” format); save as “CSV UTF-8” to avoid this"
SAVE_AS_UTF8 = (
    "In Excel, choose File, Save a copy (or Save as), and the type “CSV UTF-8 (Comma delimited) "
    "(*.csv)”, then upload that file."
)


class NotText(InputUnreadable):
    """Bytes that are neither UTF-8 nor Windows-1252 text. The message says where."""


class Utf8OrCp1252:
    """Checks (and, for Windows-1252, converts) text fed in blocks; returns it as UTF-8 bytes.

    ``encoding`` is "utf-8" until the first byte that is not UTF-8 proves the file
    Windows-1252; ``on_cp1252`` is called once then. ``feed`` raises NotText.
    """

    def __init__(self, source: str, *, on_cp1252: Callable[[], None] | None = None):
        self.source = source
        self.on_cp1252 = on_cp1252
        self.encoding = "utf-8"
        self.offset = 0  # bytes fed before the pending ones
        self.line = 1  # the line the pending bytes start on
        self._pending = b""  # a UTF-8 character cut by the end of the last block
        self._non_ascii = False  # UTF-8 text beyond ASCII was seen: no switching now

    def feed(self, block: bytes, *, final: bool = False) -> bytes:
        data = self._pending + block if self._pending else block
        self._pending = b""
        if self.encoding == "cp1252":
            return self._cp1252(data)
        if data.isascii():
            self._advance(data)
            return data
        try:
            _text, used = codecs.utf_8_decode(data, "strict", final)
        except UnicodeDecodeError as exc:
            return self._not_utf8(data, exc.start)
        self._non_ascii = self._non_ascii or not data[:used].isascii()
        self._pending = data[used:]
        self._advance(data[:used])
        return data[:used]

    def _not_utf8(self, data: bytes, start: int) -> bytes:
        before = data[:start]
        if self._non_ascii or not before.isascii():
            where, line = self._where(data, start)
            raise NotText(
                f"{self.source}, line {line}: not UTF-8 text: the byte 0x{data[start]:02X} "
                f"at byte offset {where:,} is not UTF-8, but text before it was (the file "
                f"mixes two encodings). {SAVE_AS_UTF8}"
            )
        self._advance(before)
        self.encoding = "cp1252"
        if self.on_cp1252:
            self.on_cp1252()
        return before + self._cp1252(data[start:])

    def _cp1252(self, data: bytes) -> bytes:
        try:
            text = data.decode("cp1252")
        except UnicodeDecodeError as exc:
            where, line = self._where(data, exc.start)
            raise NotText(
                f"{self.source}, line {line}: not UTF-8 or Windows-1252 text: the byte "
                f"0x{data[exc.start]:02X} at byte offset {where:,} is not a character in "
                f"either (is this a CSV file?). {SAVE_AS_UTF8}"
            ) from None
        self._advance(data)
        return text.encode("utf-8")

    def _advance(self, data: bytes) -> None:
        self.offset += len(data)
        self.line += data.count(b"\n")

    def _where(self, data: bytes, index: int) -> tuple[int, int]:
        return self.offset + index, self.line + data.count(b"\n", 0, index)


class Utf8Stream(io.RawIOBase):
    """A byte stream of UTF-8 or Windows-1252 text, read as UTF-8 (see Utf8OrCp1252)."""

    def __init__(self, raw: IO[bytes], checker: Utf8OrCp1252):
        super().__init__()
        self.raw = raw
        self.checker = checker
        self._out = memoryview(b"")
        self._done = False

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        while not self._out and not self._done:
            block = self.raw.read(READ_SIZE)
            self._done = not block
            self._out = memoryview(self.checker.feed(block, final=self._done))
        n = min(len(buffer), len(self._out))
        buffer[:n] = self._out[:n]
        self._out = self._out[n:]  # a view: no copy
        return n


def utf8_text_stream(
    stream: IO[bytes], source: str, *, on_cp1252: Callable[[], None] | None = None
) -> io.TextIOWrapper:
    """``stream`` as text for the csv module (newlines kept, a BOM dropped)."""
    checker = Utf8OrCp1252(source, on_cp1252=on_cp1252)
    checked = io.BufferedReader(Utf8Stream(stream, checker), READ_SIZE)
    return io.TextIOWrapper(checked, encoding="utf-8-sig", newline="")


def decode_text(data: bytes, source: str, *, on_cp1252: Callable[[], None] | None = None) -> str:
    """Text read whole: UTF-8 (BOM dropped) or Windows-1252, as ``Utf8OrCp1252`` decides."""
    return Utf8OrCp1252(source, on_cp1252=on_cp1252).feed(data, final=True).decode("utf-8-sig")
