"""Build data/cpv/cpv2008_en.csv: CPV 2008 codes and their English descriptions.

Run by hand (never at run time): ``python data/cpv/build_cpv_list.py data/ocds/uk_*``
(the UK publishers: their descriptions are in English).

The official CPV 2008 list (Commission Regulation (EC) No 213/2008) is EU open data, but no
package on the registries this project may use carries it and it is not in the project's
shared data. So the list is built from the CPV classifications the bundled real OCDS files
publish (``{"scheme": "CPV", "id": …, "description": …}``), whose descriptions are the
regulation's English labels. Codes keep their eight digits (no check digit), as
commercial.normalise stores them. Where a publisher gives several descriptions for one code,
the most frequent wins. Replace the output with the full official list when it is available:
the reader (smarterstate.commercial.cpv) takes any file of this shape.
"""

from __future__ import annotations

import csv
import gzip
import json
import sys
from collections import Counter, defaultdict
from pathlib import Path

OUT = Path(__file__).with_name("cpv2008_en.csv")


def _records(path: Path):
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8") as handle:
        if ".jsonl" in path.name:
            for line in handle:
                if line.strip():
                    yield json.loads(line)
        else:
            yield json.load(handle)


def _classifications(node, out: dict[str, Counter]) -> None:
    if isinstance(node, dict):
        scheme = str(node.get("scheme") or "").upper()
        code = str(node.get("id") or "").split("-")[0].strip()
        description = str(node.get("description") or "").strip()
        if scheme == "CPV" and len(code) == 8 and code.isdigit() and description:
            out[code][description] += 1
        for value in node.values():
            _classifications(value, out)
    elif isinstance(node, list):
        for value in node:
            _classifications(value, out)


def main(paths: list[str]) -> int:
    found: dict[str, Counter] = defaultdict(Counter)
    for name in paths:
        for record in _records(Path(name)):
            _classifications(record, found)
    with OUT.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["code", "description"])
        for code in sorted(found):
            writer.writerow([code, found[code].most_common(1)[0][0]])
    print(f"{len(found)} codes written to {OUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
