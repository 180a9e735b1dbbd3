"""What an upload's first block says about its format, checked on the form before a job is queued.

Part of the upload policy (``core.uploads.check_upload`` calls ``check_first_block``): a
text file sent as an SBOM, or a workbook or binary file sent as a CSV, is refused on the
form with how to fix it, instead of a job that fails a minute later. Only what the first
block (``uploads.READ_SIZE``, after undoing gzip) shows is checked, except a CSV's
encoding, which ``text_checker`` follows through all the form reads; the importer still
checks every record.

A CSV may be UTF-8 or Windows-1252 (Excel's plain "CSV", read with a warning in the job's
report, see core.text_encoding); bytes that are text in neither are refused.
"""

from __future__ import annotations

import codecs
import csv
import io
from collections.abc import Iterable

from .text_encoding import SAVE_AS_UTF8, NotText, Utf8OrCp1252
from .uploads import InputUnreadable

# The format each upload kind must be in: "csv", "csv-or-xlsx" (an XLSX is a zip and is
# checked by uploads.check_zip instead) or "json". Kinds not listed are not sniffed.
FORMATS = {
    "organisations": "csv",
    "skills-people": "csv",
    "skills-training-records": "csv",
    "outcome-measurements": "csv",
    "lifecycle-register": "csv-or-xlsx",
    "capacity-people-survey": "csv-or-xlsx",
    "lifecycle-sbom": "json",
}
OLE_WORKBOOK = b"\xd0\xcf\x11\xe0"  # an old .xls (or any Office 97–2003 file)


class ContentRefused(InputUnreadable):
    """An upload that is not in its kind's format. The message says how to fix it."""


class TextFollower:
    """Follows a CSV kind's encoding through the blocks the form reads (other kinds: nothing).

    ``feed`` returns whether the block had bytes; ``refuse`` raises ContentRefused if some
    byte was text in neither UTF-8 nor Windows-1252 (after the limits have been checked).
    """

    def __init__(self, kind: str, source: str):
        csv_kind = FORMATS.get(kind, "").startswith("csv")
        self.checker = Utf8OrCp1252(source) if csv_kind else None
        self.refused: NotText | None = None

    def feed(self, block: bytes) -> bool:
        if self.checker and not self.refused:
            try:
                self.checker.feed(block, final=not block)
            except NotText as exc:
                self.refused = exc
        return bool(block)

    def refuse(self) -> None:
        if self.refused:
            raise ContentRefused(str(self.refused)) from self.refused


def check_first_block(kind: str, block: bytes, *, source: str, columns: Iterable[str] = ()) -> None:
    """Raise ContentRefused when ``block`` (the start of the decompressed upload) shows the
    file is not in the kind's format, or a CSV lacks one of ``columns`` in its header row."""
    expected = FORMATS.get(kind)
    if not expected or not block:
        return
    if block.startswith(OLE_WORKBOOK):
        raise ContentRefused(
            f"{source} is an Excel 97–2003 workbook (.xls), not a CSV file. {SAVE_AS_UTF8}"
        )
    if expected == "json":
        _check_json(block, source)
    else:
        _check_csv(block, source, tuple(columns))


def _text(block: bytes, source: str, *, fix: str) -> str:
    """The block as UTF-8 text (a character cut at the block's end is no error)."""
    try:
        return codecs.getincrementaldecoder("utf-8-sig")().decode(block, final=False)
    except UnicodeDecodeError as exc:
        line = block[: exc.start].count(b"\n") + 1
        byte = block[exc.start : exc.start + 1].hex().upper()
        guess = ""
        try:
            character = block[exc.start : exc.start + 1].decode("cp1252")
            guess = f" (probably “{character}” saved as Windows-1252, as Excel’s plain CSV does)"
        except UnicodeDecodeError:
            pass
        raise ContentRefused(
            f"{source} is not UTF-8 text: line {line} has the byte 0x{byte}{guess}. {fix}"
        ) from exc


def _check_json(block: bytes, source: str) -> None:
    fix = "Export the SBOM from your tool as CycloneDX JSON (a file ending .json)."
    text = _text(block, source, fix=fix).lstrip()
    if text.startswith("<"):
        raise ContentRefused(f"{source} is XML; only CycloneDX JSON is accepted. {fix}")
    if not text.startswith("{"):
        raise ContentRefused(
            f"{source} is not JSON: a CycloneDX SBOM starts with “{{”, this file starts with "
            f"“{(text.splitlines() or [''])[0][:20]}”. {fix}"
        )


def _check_csv(block: bytes, source: str, columns: tuple[str, ...]) -> None:
    try:
        utf8 = Utf8OrCp1252(source).feed(block)  # a character cut at the end waits: no error
    except NotText as exc:
        raise ContentRefused(str(exc)) from exc
    text = utf8.decode("utf-8-sig")
    if not columns:
        return
    first_line = io.StringIO(text).readline()
    try:
        header = [name.strip() for name in next(csv.reader([first_line]), [])]
    except csv.Error:
        header = []
    missing = [name for name in columns if name not in header]
    if missing:
        raise ContentRefused(
            f"{source}: the first row must name the columns; it lacks "
            f"{', '.join(missing)} (it has {', '.join(h for h in header if h) or 'none'}). "
            "Add a header row with these names, spelled as shown."
        )
