"""ashar_cast_ballot(): a ballot's writes on PostgreSQL in one round trip

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-29 16:10:00

services/ballots.py writes a ballot with five statements after its checks (take the voter-roll
row's lock, read what the voter holds, store the ballot, its items and its idempotency key).
On PostgreSQL this function runs the same steps server-side, so a submit costs one round trip
for them instead of five. Each statement in a VOLATILE function takes a fresh snapshot, so the
reads after the roll's lock see a concurrent submit's committed ballot, as separate statements
did. It also re-checks that voting is open, so the service may take a ballot's options from a
short cache. SQLite has no functions: there the service keeps running the statements itself.
"""
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

SIGNATURE = ("ashar_cast_ballot(integer, integer, integer, text, integer, timestamptz, text, text, text, "
             "text, text, integer, boolean, integer[], integer[], timestamptz)")

FUNCTION = """
CREATE FUNCTION ashar_cast_ballot(
    p_budget integer, p_user integer, p_district integer, p_channel text, p_entered_by integer,
    p_now timestamptz, p_pseudonym text, p_key text, p_code text, p_digest text, p_new_id text,
    p_envelope integer, p_allow_revote boolean, p_projects integer[], p_points integer[],
    p_key_day timestamptz)
RETURNS TABLE (outcome text, first_channel text, receipt text, ballot_revision integer)
LANGUAGE plpgsql VOLATILE AS $$
DECLARE
    v_channel text;
    v_stored text;
    v_id text;
    v_revision integer;
BEGIN
    -- The phase and dates as they are now (the service may have read its options from a cache).
    IF NOT EXISTS (SELECT 1 FROM budgets b WHERE b.id = p_budget AND b.phase = 'voting'
                   AND (b.voting_start IS NULL OR b.voting_start <= p_now)
                   AND (b.voting_end IS NULL OR p_now <= b.voting_end)) THEN
        RETURN QUERY SELECT 'closed'::text, NULL::text, NULL::text, NULL::integer;
        RETURN;
    END IF;
    -- The roll row's lock makes one voter's submits take turns until commit.
    INSERT INTO voter_roll AS r (budget_id, user_id, district_id, channel, entered_by_id, voted_at,
                                 updated_at)
    VALUES (p_budget, p_user, p_district, p_channel, p_entered_by, p_now, p_now)
    ON CONFLICT (budget_id, user_id)
        DO UPDATE SET updated_at = EXCLUDED.updated_at, district_id = EXCLUDED.district_id
    RETURNING r.channel INTO v_channel;

    IF p_key IS NOT NULL THEN
        SELECT k.receipt_code INTO v_stored FROM submission_keys k
        WHERE k.pseudonym = p_pseudonym AND k.key = p_key;
    END IF;
    SELECT b.id, b.revision INTO v_id, v_revision FROM ballots b
    WHERE b.budget_id = p_budget AND b.pseudonym = p_pseudonym;

    IF v_stored IS NOT NULL THEN
        RETURN QUERY SELECT 'replayed'::text, v_channel, v_stored, COALESCE(v_revision, 1);
        RETURN;
    END IF;
    IF v_channel <> p_channel THEN
        RETURN QUERY SELECT 'other_channel'::text, v_channel, NULL::text, NULL::integer;
        RETURN;
    END IF;
    IF v_id IS NOT NULL THEN
        IF p_channel = 'paper' THEN
            RETURN QUERY SELECT 'paper_recorded'::text, v_channel, NULL::text, NULL::integer;
            RETURN;
        END IF;
        IF NOT p_allow_revote THEN
            RETURN QUERY SELECT 'no_revote'::text, v_channel, NULL::text, NULL::integer;
            RETURN;
        END IF;
        v_revision := v_revision + 1;
        UPDATE ballots SET receipt_hash = p_digest, revision = v_revision, envelope_id = p_envelope
        WHERE id = v_id;
        DELETE FROM ballot_items WHERE ballot_id = v_id;
    ELSE
        v_id := p_new_id;
        v_revision := 1;
        INSERT INTO ballots (id, budget_id, envelope_id, pseudonym, receipt_hash, revision)
        VALUES (v_id, p_budget, p_envelope, p_pseudonym, p_digest, 1);
    END IF;
    INSERT INTO ballot_items (ballot_id, project_id, points)
    SELECT v_id, chosen.project, chosen.points FROM unnest(p_projects, p_points) AS chosen(project, points);
    IF p_key IS NOT NULL THEN
        INSERT INTO submission_keys (pseudonym, key, receipt_code, created_at)
        VALUES (p_pseudonym, p_key, p_code, p_key_day);
    END IF;
    RETURN QUERY SELECT 'stored'::text, v_channel, p_code, v_revision;
END;
$$
"""


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute(FUNCTION)


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute(f"DROP FUNCTION {SIGNATURE}")
