"""Demo data for the Skills and learning pillar (run by seed_demo, in DEMO_SEEDERS order)."""


def seed(stdout=None) -> dict:
    return {}
