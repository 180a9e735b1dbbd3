"""Demo data seeders, run in order by `manage.py seed_demo`. Each pillar adds its own."""

DEMO_SEEDERS = [
    "smarterstate.organisations.demo.seed",
    "smarterstate.commercial.demo.seed",
    "smarterstate.lifecycle.demo.seed",
    "smarterstate.skills.demo.seed",
    "smarterstate.outcomes.demo.seed",
    "smarterstate.ai.demo.seed",
    "smarterstate.capacity.demo.seed",
]
