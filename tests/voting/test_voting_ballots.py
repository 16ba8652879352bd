"""Ballot validation per voting method: error codes and numbers, for every limit."""
import pytest

from voting.ballots import BallotError, BallotRules, ballot_errors, check_ballot

COSTS = {"a": 100, "b": 250, "c": 400}


def codes(errors):
    return [e["code"] for e in errors]


def test_approval_limits():
    rules = BallotRules("approval", max_choices=2, min_choices=1)
    assert ballot_errors(["a", "b"], COSTS, rules) == []
    assert ballot_errors(["a", "b", "c"], COSTS, rules) == [
        {"code": "too_many_choices", "chosen": 3, "max": 2}]
    assert codes(ballot_errors([], COSTS, rules)) == ["too_few_choices"]
    assert codes(ballot_errors(["a", "a"], COSTS, rules)) == ["duplicate_project"]
    assert ballot_errors(["zz"], COSTS, BallotRules("approval")) == [
        {"code": "unknown_project", "project": "zz"}]


def test_knapsack_envelope_and_minimum_spend():
    rules = BallotRules("knapsack", envelope=500, min_spend=300)
    assert ballot_errors(["a", "c"], COSTS, rules) == []
    assert ballot_errors(["b", "c"], COSTS, rules) == [
        {"code": "over_envelope", "total": 650, "envelope": 500}]
    assert ballot_errors(["a"], COSTS, rules) == [{"code": "under_min_spend", "total": 100, "min": 300}]


def test_cumulative_points():
    rules = BallotRules("cumulative", points=10, max_per_project=6)
    assert ballot_errors({"a": 6, "b": 4}, COSTS, rules) == []
    assert ballot_errors({"a": 6, "b": 5}, COSTS, rules) == [{"code": "too_many_points", "total": 11, "max": 10}]
    assert ballot_errors({"a": 7}, COSTS, rules) == [
        {"code": "too_many_points_for_project", "project": "a", "points": 7, "max": 6}]
    assert codes(ballot_errors({"a": 0}, COSTS, rules)) == ["points_not_positive_integer"]
    assert codes(ballot_errors({"a": 1.5}, COSTS, rules)) == ["points_not_positive_integer"]
    assert codes(ballot_errors(["a"], COSTS, rules)) == ["points_expected"]


def test_check_ballot_raises_the_first_error():
    with pytest.raises(BallotError) as info:
        check_ballot(["a", "b", "c"], COSTS, BallotRules("approval", max_choices=1))
    assert info.value.code == "too_many_choices"
    assert info.value.params == {"chosen": 3, "max": 1}
    check_ballot(["a"], COSTS, BallotRules("approval", max_choices=1))


def test_rules_need_their_limits():
    with pytest.raises(ValueError):
        BallotRules("knapsack")
    with pytest.raises(ValueError):
        BallotRules("cumulative")
    with pytest.raises(ValueError):
        BallotRules("borda")
