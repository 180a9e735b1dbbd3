"""Tables that fit a phone: every body cell carries its column heading.

GOV.UK Frontend's table scrolls the whole page sideways on a 375 px screen once it has more
than two or three columns. The responsive-table pattern other government design systems use
(HMRC's ``hmrc-responsive-table``, ONS's "responsive table") stacks each row on small
screens, each cell under its own heading. The headings must be in the cells for that, so this
middleware copies each ``<th scope="col">`` text into ``data-label`` on the cells below it and
marks the table ``app-table--stack``; ``static/css/smarterstate.css`` does the stacking under
GOV.UK's tablet breakpoint. Done once here, rather than by hand in every template, so no
table can be forgotten; a table opts out with the class ``app-table--no-stack``.
"""

from __future__ import annotations

import html
import re

TABLE = re.compile(r"<table\b[^>]*>.*?</table>", re.S)
TABLE_TAG = re.compile(r"<table\b[^>]*>")
CLASS = re.compile(r'class="([^"]*)"')
HEAD = re.compile(r"<thead\b.*?</thead>", re.S)
BODY = re.compile(r"<tbody\b.*?</tbody>", re.S)
ROW = re.compile(r"(<tr\b[^>]*>)(.*?)(</tr>)", re.S)
HEADER_CELL = re.compile(r"<th\b([^>]*)>(.*?)</th>", re.S)
CELL_TAG = re.compile(r"<(td|th)\b([^>]*)>")
COLSPAN = re.compile(r'colspan="(\d+)"')
TAGS = re.compile(r"<[^>]+>")
SPACES = re.compile(r"\s+")
# Two columns fit a phone as they are.
MIN_COLUMNS = 3


def _colspan(attributes: str) -> int:
    match = COLSPAN.search(attributes)
    return max(int(match.group(1)), 1) if match else 1


def _headings(head: str) -> list[str]:
    rows = ROW.findall(head)
    last_row = rows[-1][1] if rows else head
    headings: list[str] = []
    for attributes, text in HEADER_CELL.findall(last_row):
        label = SPACES.sub(" ", html.unescape(TAGS.sub("", text))).strip()
        headings.extend([label] * _colspan(attributes))
    return headings


def _label_row(match: re.Match, headings: list[str]) -> str:
    column = 0

    def label(cell: re.Match) -> str:
        nonlocal column
        name, attributes = cell.group(1), cell.group(2)
        span = _colspan(attributes)
        heading = headings[column] if column < len(headings) else ""
        column += span
        if span > 1 or not heading or "data-label=" in attributes:
            return cell.group(0)
        return f'<{name}{attributes} data-label="{html.escape(heading, quote=True)}">'

    return match.group(1) + CELL_TAG.sub(label, match.group(2)) + match.group(3)


def stack_table(table: str) -> str:
    """``table`` with its body cells labelled and the stacking class, if it needs them."""
    tag = TABLE_TAG.match(table)
    head = HEAD.search(table)
    if not tag or not head:
        return table
    classes = CLASS.search(tag.group(0))
    names = classes.group(1).split() if classes else []
    if not classes or "govuk-table" not in names or "app-table--no-stack" in names:
        return table
    headings = _headings(head.group(0))
    if len(headings) < MIN_COLUMNS:
        return table
    body = BODY.search(table)
    if body:
        labelled = ROW.sub(lambda row: _label_row(row, headings), body.group(0))
        table = table[: body.start()] + labelled + table[body.end() :]
    opening = tag.group(0).replace(
        f'class="{classes.group(1)}"', f'class="{classes.group(1)} app-table--stack"', 1
    )
    return opening + table[tag.end() :]


def stack_tables(page: str) -> str:
    return TABLE.sub(lambda match: stack_table(match.group(0)), page)


class ResponsiveTablesMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if (
            not response.streaming
            and response.get("Content-Type", "").startswith("text/html")
            and b"govuk-table__head" in response.content
        ):
            charset = response.charset or "utf-8"
            response.content = stack_tables(response.content.decode(charset)).encode(charset)
        return response
