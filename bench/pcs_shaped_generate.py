"""Build a Public-Contracts-Scotland-shaped release package: a month of releases with no ``id``.

    .venv/bin/python bench/pcs_shaped_generate.py -o data/ocds/uk_pcs_shaped_release-package_2025-03.json

Public Contracts Scotland (a real UK publisher) publishes OCDS 1.1 release packages whose
releases have no ``id``; its real files are not in the repository. This writes 90 releases
of that shape (50 contracting processes: 40 with a tender and an award notice, 10 with a
tender only), deterministically, with made-up Scottish buyers and suppliers. The names,
values and texts are invented; only the shape is the publisher's.
"""

from __future__ import annotations

import argparse
import json
import random

BUYERS = [
    ("GB-SC-S12000033", "Aberdeen City Council"),
    ("GB-SC-S12000036", "City of Edinburgh Council"),
    ("GB-SC-S12000049", "Glasgow City Council"),
    ("GB-SC-SC000001", "Scottish Water"),
    ("GB-SC-NHS0001", "NHS National Services Scotland"),
]
CPVS = [
    ("45233141", "Road-maintenance works"),
    ("72000000", "IT services: consulting, software development, Internet and support"),
    ("90910000", "Cleaning services"),
    ("33600000", "Pharmaceutical products"),
    ("79410000", "Business and management consultancy services"),
]


def party(identifier: str, name: str, roles: list[str], n: int) -> dict:
    return {
        "id": f"org-{n}",
        "name": name,
        "identifier": {"scheme": identifier.split("-")[0] + "-" + identifier.split("-")[1]},
        "address": {"locality": "Scotland", "countryName": "United Kingdom"},
        "roles": roles,
        **({"details": {"scale": "sme"}} if "supplier" in roles and n % 2 else {}),
    }


def releases(seed: int = 15) -> list[dict]:
    rng = random.Random(seed)
    out = []
    for n in range(50):
        buyer_id, buyer_name = BUYERS[n % len(BUYERS)]
        cpv, cpv_text = CPVS[rng.randrange(len(CPVS))]
        ocid = f"ocds-r6ebe6-0000{700000 + n}"
        day = 1 + n % 28
        buyer = party(buyer_id, buyer_name, ["buyer"], 1)
        amount = rng.randrange(20, 2000) * 1000
        tender = {
            "id": f"MAR{n:06d}",
            "title": f"{cpv_text.split(':')[0]} {2025 + n % 2}",
            "description": f"{buyer_name} seeks {cpv_text.lower()}.",
            "status": "active",
            "items": [
                {"id": "1", "classification": {"scheme": "CPV", "id": cpv, "description": cpv_text}}
            ],
            "value": {"amount": amount, "currency": "GBP"},
            "procurementMethod": "open" if n % 4 else "selective",
            "procurementMethodDetails": "Open procedure" if n % 4 else "Restricted procedure",
            "tenderPeriod": {"endDate": f"2025-04-{day:02d}T12:00:00Z"},
        }
        common = {
            "ocid": ocid,
            "initiationType": "tender",
            "language": "en",
            "buyer": {"id": "org-1", "name": buyer_name},
        }
        out.append(
            {
                **common,
                "date": f"2025-03-{day:02d}T00:00:00Z",
                "tag": ["tender"],
                "parties": [buyer],
                "tender": tender,
            }
        )
        if n < 40:
            supplier = party("GB-COH", f"Highland Supplies {n % 7} Ltd", ["supplier"], 2 + n % 7)
            out.append(
                {
                    **common,
                    "date": f"2025-03-{min(day + 2, 31):02d}T00:00:00Z",
                    "tag": ["award"],
                    "parties": [buyer, supplier],
                    "tender": {
                        "id": tender["id"],
                        "title": tender["title"],
                        "numberOfTenderers": 1 + n % 5,
                    },
                    "awards": [
                        {
                            "id": f"{tender['id']}-1",
                            "date": f"2025-03-{min(day + 2, 31):02d}T00:00:00Z",
                            "status": "active",
                            "value": {"amount": round(amount * 0.93), "currency": "GBP"},
                            "suppliers": [{"id": supplier["id"], "name": supplier["name"]}],
                        }
                    ],
                }
            )
    rng.shuffle(out)
    return out


def package() -> dict:
    return {
        "uri": "https://api.publiccontractsscotland.gov.uk/v1/Notices?dateFrom=2025-03",
        "version": "1.1",
        "publishedDate": "2025-04-01T00:00:00Z",
        "publisher": {"name": "Public Contracts Scotland (shape only: invented data)"},
        "license": "https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/",
        "releases": releases(),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-o", "--output", required=True)
    args = parser.parse_args()
    with open(args.output, "w", encoding="utf-8") as handle:
        json.dump(package(), handle, indent=1)
        handle.write("\n")


if __name__ == "__main__":
    main()
