"""Demo data for the AI assurance pillar (run by seed_demo, in DEMO_SEEDERS order)."""


def seed(stdout=None) -> dict:
    return {}
