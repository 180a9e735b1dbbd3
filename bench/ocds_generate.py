"""Scale the bundled real OCDS releases to N releases with a realistic shape.

    .venv/bin/python bench/ocds_generate.py 100000 -o var/bench/ocds-100k.jsonl [--package] [--seed 1]

Each contracting process (ocid) gets 1–6 releases (mean about 2.5) in date order,
tender → award → contract → amendments, dated 2019–2026. Release bodies come from
the real Contracts Finder, Sell2Wales and base.gov.pt releases (OCDS 1.1), so
sizes and nesting are real; identity fields are rewritten: ocid, id, date, tag,
buyer (from a pool of buyers with Zipf-like shares of processes), suppliers (a
larger pool with Pareto-skewed shares), award and contract values (log-normal),
and the parties array to match. Output: JSON lines (one release a line) or, with
``--package``, one release package streamed to disk. Memory stays flat.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gzip
import random
import sys
from pathlib import Path

import orjson

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = [
    ROOT / "data/ocds/uk_contractsfinder_release-package_2025-01-23.json",
    ROOT / "data/ocds/pt_base_release-package_2019-11.json",
    ROOT / "data/ocds/uk_contractsfinder_releases_2025-03.jsonl",
    ROOT / "data/ocds/uk_sell2wales_releases_2025-02.jsonl",
]
START = dt.datetime(2019, 4, 1, tzinfo=dt.UTC)
SPAN_DAYS = 7 * 365


def load_templates() -> list[dict]:
    releases: list[dict] = []
    for path in SAMPLES:
        if path.suffix == ".jsonl":
            releases.extend(
                orjson.loads(line) for line in path.read_bytes().splitlines() if line.strip()
            )
        else:
            releases.extend(orjson.loads(path.read_bytes())["releases"])
    return releases


def pools(rng: random.Random, buyers: int, suppliers: int):
    buyer_pool = [
        {"id": f"GB-PPON-B{n:06d}", "name": f"Buyer organisation {n}", "scheme": "GB-PPON", "n": n}
        for n in range(buyers)
    ]
    supplier_pool = []
    for n in range(suppliers):
        if n % 3 == 0:  # a third have no identifier: only a name
            supplier_pool.append({"id": f"supplier-name-{n}", "name": f"Supplier {n} Ltd"})
        else:
            scheme = "GB-COH" if n % 3 == 1 else "GB-PPON"
            supplier_pool.append(
                {"id": f"{scheme}-{n:08d}", "name": f"Supplier {n} Ltd", "scheme": scheme}
            )
    # Zipf-like buyer weights and Pareto-like supplier weights: a few take a large share.
    buyer_weights = [1 / (rank + 1) ** 0.9 for rank in range(buyers)]
    supplier_weights = [rng.paretovariate(1.2) for _ in range(suppliers)]
    return buyer_pool, buyer_weights, supplier_pool, supplier_weights


def party(org: dict, roles: list[str]) -> dict:
    result = {"id": org["id"], "name": org["name"], "roles": roles}
    if "scheme" in org:
        result["identifier"] = {
            "scheme": org["scheme"],
            "id": org["id"].removeprefix(org["scheme"] + "-"),
            "legalName": org["name"],
        }
    result["details"] = {"scale": "sme" if hash(org["id"]) % 3 == 0 else "large"}
    return result


def iso(moment: dt.datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def process_releases(rng, n_process, templates, buyer, suppliers, stages):
    """The releases of one process: tender, then award, contract and amendments."""
    ocid = f"ocds-bench-{n_process:08d}"
    when = START + dt.timedelta(days=rng.uniform(0, SPAN_DAYS), seconds=rng.randrange(86400))
    amount = round(rng.lognormvariate(11.5, 1.6), 2)
    months = rng.choice([6, 12, 24, 36, 48, 60])
    out = []
    for stage in range(stages):
        template = orjson.loads(rng.choice(templates))
        tag = (
            ["tender"]
            if stage == 0
            else ["award"]
            if stage == 1
            else ["contract"]
            if stage == 2
            else ["contractAmendment"]
        )
        release = template
        release["ocid"] = ocid
        release["id"] = f"{ocid}-{stage + 1}"
        release["date"] = iso(when)
        release["tag"] = tag
        release["buyer"] = {"id": buyer["id"], "name": buyer["name"]}
        parties = [party(buyer, ["buyer", "procuringEntity"])]
        tender = release.setdefault("tender", {})
        if isinstance(tender, dict):
            tender["id"] = f"{ocid}-tender"
            tender["value"] = {"amount": amount, "currency": "GBP"}
            tender["tenderPeriod"] = {"startDate": iso(when - dt.timedelta(days=30))}
        release.pop("awards", None)
        release.pop("contracts", None)
        if stage >= 1:
            award_date = when
            release["awards"] = [
                {
                    "id": f"{ocid}-award-1",
                    "date": iso(award_date),
                    "status": "active",
                    "value": {"amount": amount, "currency": "GBP"},
                    "suppliers": [{"id": s["id"], "name": s["name"]} for s in suppliers],
                }
            ]
            parties += [party(s, ["supplier"]) for s in suppliers]
        if stage >= 2:
            end = when + dt.timedelta(days=30 * months)
            value = amount * (1 + 0.1 * (stage - 2))
            release["contracts"] = [
                {
                    "id": f"{ocid}-contract-1",
                    "awardID": f"{ocid}-award-1",
                    "dateSigned": iso(when),
                    "status": "active",
                    "value": {"amount": round(value, 2), "currency": "GBP"},
                    "period": {
                        "startDate": iso(when),
                        "endDate": iso(end + dt.timedelta(days=90 * (stage - 2))),
                    },
                }
            ]
            if stage >= 3:
                release["contracts"][0]["amendments"] = [
                    {"id": f"{ocid}-amendment-{k}", "date": iso(when), "description": "Extension"}
                    for k in range(1, stage - 1)
                ]
        release["parties"] = parties
        out.append(release)
        when += dt.timedelta(days=rng.uniform(5, 120), seconds=rng.randrange(86400))
    return out


def generate(n: int, output, *, package: bool, seed: int) -> int:
    rng = random.Random(seed)
    templates = [orjson.dumps(r) for r in load_templates()]
    buyers = max(50, n // 200)
    suppliers = max(200, n // 10)
    buyer_pool, buyer_weights, supplier_pool, supplier_weights = pools(rng, buyers, suppliers)
    if package:
        output.write(
            b'{"uri":"https://example.com/bench","version":"1.1","publishedDate":"2026-01-01T00:00:00Z",'
            b'"publisher":{"name":"Smarter State benchmark"},"releases":[\n'
        )
    written = 0
    n_process = 0
    # Processes are written interleaved (like a date-ordered feed): their releases are
    # buffered in a small window and flushed in shuffled order.
    window: list[dict] = []
    while written < n:
        stages = min(rng.choice([1, 1, 2, 2, 3, 3, 3, 4, 5, 6]), n - written)
        buyer = rng.choices(buyer_pool, buyer_weights)[0]
        suppliers = rng.choices(supplier_pool, supplier_weights, k=rng.choice([1, 1, 1, 2, 3]))
        suppliers = list({s["id"]: s for s in suppliers}.values())
        window.extend(process_releases(rng, n_process, templates, buyer, suppliers, stages))
        n_process += 1
        written += stages
        if len(window) >= 2000 or written >= n:
            rng.shuffle(window)
            for release in window:
                data = orjson.dumps(release)
                if package:
                    output.write((b",\n" if output.tell() > 200 else b"") + data)
                else:
                    output.write(data + b"\n")
            window = []
    if package:
        output.write(b"\n]}\n")
    return n_process


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("n", type=int, help="How many releases.")
    parser.add_argument("-o", "--output", required=True, help="File to write (.gz: gzipped).")
    parser.add_argument(
        "--package", action="store_true", help="One release package, not JSON lines."
    )
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    path = Path(args.output)
    path.parent.mkdir(parents=True, exist_ok=True)
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "wb") as output:
        processes = generate(args.n, output, package=args.package, seed=args.seed)
    print(f"{args.n:,} releases, {processes:,} ocids → {path}", file=sys.stderr)


if __name__ == "__main__":
    main()
