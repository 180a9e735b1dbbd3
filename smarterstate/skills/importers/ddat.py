"""Read the Government Digital and Data capability framework CSVs into a snapshot.

Pure (no Django): ``read_framework(role_stream, skill_stream)`` returns a ``Snapshot`` of
families, roles, role levels, skills and requirements, plus the rows it could not use.
The files' quirks, found by inspection (data/ddat/README.md):

* ``MISSING`` or empty skill descriptions in the role file: the skill file is the source;
* trailing spaces in names (``End user computing engineer ``): every cell is stripped;
* ``NOT IN USE`` role levels of the Senior Civil Service chief roles: one role level named
  after the role, not in use, with skills required at no particular level;
* duplicated rows (same role level, skill and level): kept once;
* rows sorted by name, not seniority: ``seniority()`` derives the order from level names.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from typing import IO

ROLE_COLUMNS = ("Role Family", "Role", "Role Description", "Role Level", "Role Level Description",
                "Skill Name", "Skill Level")  # fmt: skip
SKILL_COLUMNS = (
    "Skill Name",
    "Skill Description",
    "Awareness",
    "Working",
    "Practitioner",
    "Expert",
)
LEVELS = {"awareness": 1, "working": 2, "practitioner": 3, "expert": 4}
NOT_IN_USE = "NOT IN USE"
PLACEHOLDERS = {"MISSING", NOT_IN_USE, "N/A"}

# The first word of a level's name says how senior it is.
RANKS = {
    "apprentice": 0, "trainee": 1, "junior": 2, "associate": 3,
    "senior": 5, "major": 5, "lead": 6, "principal": 7, "chief": 8, "head": 8,
}  # fmt: skip
PLAIN_RANK = 4


class FrameworkUnreadable(Exception):
    """A file is missing columns or is not CSV: nothing can be imported."""


def seniority(level_name: str, role_name: str) -> int:
    """Order of a level within its role: trainee < junior < associate < (plain) < senior < lead <
    principal < head. Analyst levels of a manager role sit below its manager levels, and a
    "- management" variant just above the plain one."""
    name = level_name.lower().strip()
    words = name.replace("(", " ").split()
    score = RANKS.get(words[0], PLAIN_RANK) * 10 if words else PLAIN_RANK * 10
    if "analyst" in name and "analyst" not in role_name.lower():
        score -= 25
    if name.endswith("- management"):
        score += 1
    return max(score, 0)


def clean(value: str | None) -> str:
    value = (value or "").strip()
    return "" if value.upper() in PLACEHOLDERS else value


@dataclass
class Snapshot:
    families: dict[str, dict] = field(default_factory=dict)
    roles: dict[tuple[str, str], dict] = field(default_factory=dict)  # (family, role)
    levels: dict[tuple[str, str], dict] = field(default_factory=dict)  # (role, level)
    skills: dict[str, dict] = field(default_factory=dict)
    requirements: dict[tuple[str, str, str], int | None] = field(default_factory=dict)
    rejects: list[dict] = field(default_factory=list)

    def counts(self) -> dict[str, int]:
        return {
            "families": len(self.families),
            "roles": len(self.roles),
            "role_levels": len(self.levels),
            "skills": len(self.skills),
            "requirements": len(self.requirements),
        }


def _rows(stream: IO[bytes], source: str, required: tuple[str, ...]):
    text = io.TextIOWrapper(stream, encoding="utf-8-sig", newline="")
    reader = csv.DictReader(text, restval="")
    try:
        headers = [(h or "").strip() for h in reader.fieldnames or []]
    except UnicodeDecodeError as exc:
        raise FrameworkUnreadable(f"{source}: not UTF-8 text") from exc
    missing = [c for c in required if c not in headers]
    if missing:
        raise FrameworkUnreadable(
            f"{source}, line 1: missing column(s) {', '.join(missing)}; found {', '.join(headers) or 'none'}"
        )
    reader.fieldnames = headers
    try:
        for row in reader:
            yield reader.line_num, {k: (v or "") for k, v in row.items() if k is not None}
    except (csv.Error, UnicodeDecodeError) as exc:
        raise FrameworkUnreadable(f"{source}, line {reader.line_num}: {exc}") from exc


def _nul_column(row: dict[str, str]) -> str | None:
    """The first column holding a NUL character: PostgreSQL text cannot, and names are looked up."""
    return next((column for column, value in row.items() if "\x00" in value), None)


def read_framework(
    role_stream: IO[bytes], skill_stream: IO[bytes], *, role_source: str, skill_source: str
) -> Snapshot:
    snap = Snapshot()
    for line, row in _rows(skill_stream, skill_source, SKILL_COLUMNS):
        if column := _nul_column(row):
            snap.rejects.append({"source": skill_source, "line": line, "field": column,
                                 "reason": f"{column} contains a NUL character"})  # fmt: skip
            continue
        name = row["Skill Name"].strip()
        if not name:
            snap.rejects.append({"source": skill_source, "line": line, "field": "Skill Name",
                                 "reason": "no skill name"})  # fmt: skip
            continue
        snap.skills[name] = {
            "description": clean(row["Skill Description"]),
            **{level: clean(row[level.title()]) for level in LEVELS},
        }
    for line, row in _rows(role_stream, role_source, ROLE_COLUMNS):
        family, role = row["Role Family"].strip(), row["Role"].strip()
        level_name, skill = row["Role Level"].strip(), row["Skill Name"].strip()

        def reject(reason: str, column: str, line=line) -> None:
            snap.rejects.append(
                {"source": role_source, "line": line, "field": column, "reason": reason}
            )

        if column := _nul_column(row):
            reject(f"{column} contains a NUL character", column)
            continue
        if not family or not role:
            reject("no role family or role", "Role")
            continue
        in_use = level_name.upper() != NOT_IN_USE
        if not in_use:
            level_name = role
        if not level_name:
            reject("no role level", "Role Level")
            continue
        skill_level_text = row["Skill Level"].strip()
        required = LEVELS.get(skill_level_text.lower())
        if required is None and skill_level_text.upper() != NOT_IN_USE:
            reject(f"unknown skill level {skill_level_text!r}", "Skill Level")
            continue
        if skill and skill not in snap.skills:
            # A skill the skill file does not describe: keep what the role file says of it.
            snap.skills[skill] = {"description": clean(row.get("Skill Description")),
                                  **dict.fromkeys(LEVELS, "")}  # fmt: skip
        snap.families.setdefault(family, {})
        snap.roles.setdefault(
            (family, role),
            {
                "description": clean(row["Role Description"]),
                "role_type": row.get("Role Type", "").strip(),
            },
        )
        snap.levels.setdefault(
            (role, level_name),
            {
                "description": clean(row["Role Level Description"]),
                "seniority": seniority(level_name, role),
                "in_use": in_use,
            },
        )
        if skill:
            snap.requirements[(role, level_name, skill)] = required
    return snap
