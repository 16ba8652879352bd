"""`ashar advance-phases` moves cycles whose dates have passed."""
from datetime import timedelta

from cli.cycles import advance_phases_command
from models import Budget, utcnow
from tests import factories as f


def test_advance_phases_command(server, session):
    budget = f.budget(session, phase="proposals", proposals_end=utcnow() - timedelta(minutes=1))
    budget.voting_start = utcnow() + timedelta(days=7)
    f.envelope(session, budget)
    session.commit()
    result = server.test_cli_runner().invoke(advance_phases_command)
    assert result.exit_code == 0, result.output
    assert f"budget {budget.id} -> review" in result.output
    session.expire_all()
    assert session.get(Budget, budget.id).phase == "review"
