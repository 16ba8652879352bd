"""users_changed: NOTIFY ashar_users with the id of every changed or deleted account

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-29 21:20:00

Each worker keeps the account rows it read (services/account_cache.py); this trigger tells it,
at commit, which row to forget. NOTIFY is transactional: a change that rolls back announces
nothing, and one that commits is announced after it is visible. TRUNCATE announces an empty
payload: forget every row. SQLite has no such cache.
"""
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

FUNCTION = """
CREATE FUNCTION ashar_users_changed() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'TRUNCATE' THEN
        PERFORM pg_notify('ashar_users', '');
    ELSE
        PERFORM pg_notify('ashar_users', OLD.id::text);
    END IF;
    RETURN NULL;
END;
$$
"""
TRIGGERS = ("""
CREATE TRIGGER users_changed AFTER UPDATE OR DELETE ON users
FOR EACH ROW EXECUTE FUNCTION ashar_users_changed()
""", """
CREATE TRIGGER users_truncated AFTER TRUNCATE ON users
FOR EACH STATEMENT EXECUTE FUNCTION ashar_users_changed()
""")


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute(FUNCTION)
        for trigger in TRIGGERS:
            op.execute(trigger)


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER users_truncated ON users")
        op.execute("DROP TRIGGER users_changed ON users")
        op.execute("DROP FUNCTION ashar_users_changed()")
