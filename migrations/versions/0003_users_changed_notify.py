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
# The columns services/session_user.py reads (a test checks they match): other changes, such as
# a failed login count, leave cached rows alone.
WATCHED = ("email", "phone", "display_name", "role", "locale", "district_id", "verified_at",
           "contact_verified_at", "totp_enabled", "session_version", "is_active")
NAMES = ("users_changed", "users_deleted", "users_truncated")
TRIGGERS = (f"""
CREATE TRIGGER users_changed AFTER UPDATE ON users
FOR EACH ROW WHEN (({", ".join(f"OLD.{c}" for c in WATCHED)}) IS DISTINCT FROM ({", ".join(f"NEW.{c}" for c in WATCHED)}))
EXECUTE FUNCTION ashar_users_changed()
""", """
CREATE TRIGGER users_deleted AFTER DELETE ON users
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
        for name in NAMES:
            op.execute(f"DROP TRIGGER {name} ON users")
        op.execute("DROP FUNCTION ashar_users_changed()")
