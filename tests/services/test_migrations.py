"""The Alembic revisions build exactly the schema the models describe, up and down, on both databases."""
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import create_engine, inspect

from migrations import runner
from models import Base


def _tables(url):
    engine = create_engine(url)
    names = set(inspect(engine).get_table_names()) - {"alembic_version"}
    engine.dispose()
    return names


def test_upgrade_downgrade_upgrade(db_url):
    assert _tables(db_url) == set(Base.metadata.tables)
    runner.downgrade(db_url, "base")
    assert _tables(db_url) == set()
    runner.upgrade(db_url)
    assert _tables(db_url) == set(Base.metadata.tables)


def test_models_and_migrations_agree(db_url):
    engine = create_engine(db_url)
    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        differences = compare_metadata(context, Base.metadata)
    engine.dispose()
    assert differences == []
