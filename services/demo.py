"""Demo data (placeholder until the seed lands)."""


def seed_demo(session):
    return []
