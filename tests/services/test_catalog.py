"""Public catalog reads: the number of queries stays flat as data grows; search folds Cyrillic case."""
from __future__ import annotations

from contextlib import contextmanager

import pytest
from sqlalchemy import event

from models import Budget, VoterRoll
from models.project import STATUSES
from services import catalog
from services.action_plan import current_action_plan
from services.errors import NotFound
from tests import factories
from tests.web.catalog_data import build


@contextmanager
def counted(session):
    """Count the SQL statements `session` runs inside the block."""
    statements = []
    engine = session.get_bind()

    def _count(*_args):
        statements.append(1)

    event.listen(engine, "before_cursor_execute", _count)
    try:
        yield statements
    finally:
        event.remove(engine, "before_cursor_execute", _count)


def _grow(session, data, n=25):
    """Add `n` more projects across two districts and `n` more voters."""
    budget = session.get(Budget, data.voting)
    envelope = budget.envelopes[0]
    districts = catalog.list_districts(session)
    for i in range(n):
        factories.project(session, budget, envelope, district_id=districts[i % 2].id)
        voter = factories.user(session, email=f"more{i}@example.kg")
        session.add(VoterRoll(budget_id=budget.id, user_id=voter.id, channel="paper"))
    session.commit()


@pytest.mark.parametrize("read", [
    lambda s, d: catalog.list_projects(s, catalog.ProjectQuery()),
    lambda s, d: catalog.list_budgets(s),
    lambda s, d: catalog.get_project(s, d.park),
    lambda s, d: current_action_plan(s),
])
def test_query_count_does_not_grow_with_data(session, read):
    data = build(session)
    session.expunge_all()
    with counted(session) as small:
        read(session, data)
    _grow(session, data)
    session.expunge_all()
    with counted(session) as large:
        result = read(session, data)
    assert len(large) == len(small) <= 6
    if isinstance(result, list) and result and hasattr(result[0], "district"):
        assert len(result) > 25  # the larger data set was really read


def test_turnout_counts_the_voter_roll(session):
    data = build(session)
    assert catalog.get_budget(session, data.voting).ballots == 3
    _grow(session, data, n=4)
    assert [s.ballots for s in catalog.list_budgets(session)] == [7]


def test_search_is_case_insensitive_in_every_language(session):
    data = build(session)
    for words in ("АК-БУУРА", "дарыя", "RIVER Park", "ПАРК реки"):
        found = catalog.list_projects(session, catalog.ProjectQuery(search=words))
        assert [p.id for p in found] == [data.park], words


def test_withdrawn_only_when_asked_and_hidden_never(session):
    data = build(session)
    default = {p.id for p in catalog.list_projects(session, catalog.ProjectQuery())}
    assert data.withdrawn not in default and data.hidden not in default
    everything = catalog.ProjectQuery(statuses=STATUSES)
    every = {p.id for p in catalog.list_projects(session, everything)}
    assert data.withdrawn in every and data.hidden not in every and data.draft_project not in every


@pytest.mark.parametrize("project_id", [0, -5, 2**40])
def test_impossible_ids_are_not_found(session, project_id):
    with pytest.raises(NotFound):
        catalog.get_project(session, project_id)
    with pytest.raises(NotFound):
        catalog.get_budget(session, project_id)
