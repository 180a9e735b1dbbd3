"""What the cross-cutting tests in tests/ need to know about this pillar.

tests/pillar_plugins.py collects these from every pillar app:

* OBJECT_MAKERS — URL argument → a real object of organisation B (tests/test_authorization_walk.py)
* authz_world(world) — create organisation B's objects and set them as attributes on ``world``
  (it has org_a, org_b and membership_b, whose user is B's editor)
* assert_unchanged(world) — after refused writes, B's objects are as they were
* API_OPERATIONS — every API path of this pillar with its methods (tests/test_openapi.py)
* FUZZ_PATH_KEYS and fuzz_known(...) — real ids the API fuzzer may use for path parameters
* EXPECTED_PAGES — persona → URL regexes the browser crawl must reach (tests/browser/)
* browser_world(world) — data for the browser crawl; returns extra entries for its dict
"""

OBJECT_MAKERS: dict = {}
API_OPERATIONS: dict[str, set[str]] = {}
FUZZ_PATH_KEYS: dict[str, str] = {}
EXPECTED_PAGES: dict[str, list[str]] = {}


def authz_world(world) -> None:
    pass


def assert_unchanged(world) -> None:
    pass


def fuzz_known(*, org_a, org_b, users) -> dict[str, list]:
    return {}


def browser_world(world: dict) -> dict:
    return {}
