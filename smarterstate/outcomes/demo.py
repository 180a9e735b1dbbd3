"""Demo data for the Outcomes and pilots pillar (run by seed_demo, in DEMO_SEEDERS order)."""


def seed(stdout=None) -> dict:
    return {}
