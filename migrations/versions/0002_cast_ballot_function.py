"""ashar_cast_ballot(): a ballot's writes on PostgreSQL in one round trip

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-29 16:10:00

After its checks and the voter-roll row's lock, services/ballots.py wrote a ballot with four
statements (read what the voter holds, store the ballot, its items and its idempotency key).
On PostgreSQL this function runs the same steps server-side in one round trip. Each statement
in a VOLATILE function takes a fresh snapshot, so its reads see a concurrent submit's committed
ballot, as separate statements did. It checks that voting is open after the roll lock, and a
close first waits for every ballot holding voter_roll's lock (services.ballots.hold_ballots), so
no ballot lands after a close; the service may therefore read options from a short cache. The
roll lock stays the service's own statement: then no statement, nor a slow-query log line, holds
the voter's id beside their choices.
SQLite has no functions: there the service keeps running the statements itself.
"""
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

SIGNATURE = ("ashar_cast_ballot(integer, text, text, timestamptz, text, text, text, text, text, integer, "
             "boolean, integer[], integer[], timestamptz)")

FUNCTION = """
CREATE FUNCTION ashar_cast_ballot(
    p_budget integer, p_channel text, p_first_channel text, p_now timestamptz, p_pseudonym text,
    p_key text, p_code text, p_digest text, p_new_id text, p_envelope integer, p_allow_revote boolean,
    p_projects integer[], p_points integer[], p_key_day timestamptz)
RETURNS TABLE (outcome text, receipt text, ballot_revision integer)
LANGUAGE plpgsql VOLATILE AS $$
DECLARE
    v_stored text;
    v_id text;
    v_revision integer;
BEGIN
    -- The caller holds the voter-roll row's lock, taken in a statement of its own so that no
    -- statement (nor a slow-query log line) carries both the voter and what they chose, and
    -- with it voter_roll's ROW EXCLUSIVE lock, which a close waits for (hold_ballots). So voting
    -- is checked open here, after it: a close either waits for this ballot or is seen here.
    IF NOT EXISTS (SELECT 1 FROM budgets b WHERE b.id = p_budget AND b.phase = 'voting'
                   AND (b.voting_start IS NULL OR b.voting_start <= p_now)
                   AND (b.voting_end IS NULL OR p_now <= b.voting_end)) THEN
        RETURN QUERY SELECT 'closed'::text, NULL::text, NULL::integer;
        RETURN;
    END IF;
    -- These reads see the ballot and key of any submit of theirs that committed before the
    -- roll lock was granted.
    IF p_key IS NOT NULL THEN
        SELECT k.receipt_code INTO v_stored FROM submission_keys k
        WHERE k.pseudonym = p_pseudonym AND k.key = p_key;
    END IF;
    SELECT b.id, b.revision INTO v_id, v_revision FROM ballots b
    WHERE b.budget_id = p_budget AND b.pseudonym = p_pseudonym;

    IF v_stored IS NOT NULL THEN
        RETURN QUERY SELECT 'replayed'::text, v_stored, COALESCE(v_revision, 1);
        RETURN;
    END IF;
    IF p_first_channel <> p_channel THEN
        RETURN QUERY SELECT 'other_channel'::text, NULL::text, NULL::integer;
        RETURN;
    END IF;
    IF v_id IS NOT NULL THEN
        IF p_channel = 'paper' THEN
            RETURN QUERY SELECT 'paper_recorded'::text, NULL::text, NULL::integer;
            RETURN;
        END IF;
        IF NOT p_allow_revote THEN
            RETURN QUERY SELECT 'no_revote'::text, NULL::text, NULL::integer;
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
    RETURN QUERY SELECT 'stored'::text, p_code, v_revision;
END;
$$
"""


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute(FUNCTION)


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute(f"DROP FUNCTION {SIGNATURE}")
