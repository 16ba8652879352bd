"""Pabulib reader and writer: real files round-trip, malformed files name their line."""
from fractions import Fraction

import pytest

from conftest import PB_FILES
from voting import Ballot, Election, PabulibError, Project, parse_pabulib, read_pabulib, write_pabulib

GOOD = """META
key;value
num_projects;2
num_votes;2
budget;100
vote_type;approval
PROJECTS
project_id;cost;name
a;60;Park
b;50;"School; roof"
VOTES
voter_id;vote
1;a,b
2;b
"""


@pytest.mark.parametrize("name", PB_FILES)
def test_real_file_round_trips(name, pabulib_dir, elections):
    election = elections(name)
    text = write_pabulib(election)
    again = parse_pabulib(text)
    assert again == election
    assert write_pabulib(again) == text
    # byte-for-byte the same lines, except where the original quoted a field or repeated an id
    original = (pabulib_dir / name).read_text(encoding="utf-8-sig").splitlines()
    written = text.splitlines()
    assert len(original) == len(written)
    changed = [(a, b) for a, b in zip(original, written) if a != b]
    assert all('"' in a or "579,579" in a for a, _ in changed), changed[:3]


@pytest.mark.parametrize("name", PB_FILES)
def test_real_file_counts_match_meta(name, elections):
    election = elections(name)
    assert len(election.projects) == int(election.meta["num_projects"])
    assert election.num_voters() == int(election.meta["num_votes"])


def test_quoted_fields_and_optional_columns():
    election = parse_pabulib(GOOD)
    assert election.budget == 100
    assert [p.name for p in election.projects] == ["Park", "School; roof"]
    assert election.ballots[0].choices == ("a", "b")
    assert parse_pabulib(write_pabulib(election)) == election


def test_duplicate_ids_follow_pabutools():
    text = GOOD.replace("META\n", "META\n").replace("approval", "cumulative").replace(
        "voter_id;vote\n1;a,b\n2;b", "voter_id;vote;points\n1;a,a,b;1,3,2\n2;b;5")
    election = parse_pabulib(text)
    # first place, last points: what pabutools' dict-based CumulativeBallot keeps
    assert election.ballots[0].choices == {"a": 3, "b": 2}


def test_fresh_election_is_written_with_weights_and_fractions():
    election = Election(budget=Fraction(201, 2), vote_type="cumulative",
                        projects=[Project("x", "10.5"), Project("y", 3)],
                        ballots=[Ballot({"x": 2, "y": 1}, weight=3), Ballot({"y": 4})])
    text = write_pabulib(election)
    assert "budget;100.5" in text and "x;10.5" in text
    again = parse_pabulib(text)
    assert again.num_voters() == 4
    assert again.budget == Fraction(201, 2)
    assert [b.choices for b in again.ballots] == [{"x": 2, "y": 1}] * 3 + [{"y": 4}]
    assert [b.voter_id for b in again.ballots] == ["1-1", "1-2", "1-3", "4"]


def test_bom_and_crlf(tmp_path):
    path = tmp_path / "e.pb"
    path.write_bytes(b"\xef\xbb\xbf" + GOOD.replace("\n", "\r\n").encode())
    assert read_pabulib(path) == parse_pabulib(GOOD)


MALFORMED = [
    (GOOD.replace("a;60;Park", "a;sixty;Park"), 9, "cost"),
    (GOOD.replace("1;a,b", "1;a,zz"), 13, "unknown project"),
    (GOOD.replace("budget;100", "budget;lots"), 5, "budget"),
    (GOOD.replace("vote_type;approval", "vote_type;borda"), 6, "vote_type"),
    (GOOD.replace("b;50;", "a;50;"), 10, "twice"),
    (GOOD.replace("2;b", "2;b;extra"), 14, "fields"),
    (GOOD.replace("project_id;cost;name", "project_id;price;name"), 8, "cost"),
    (GOOD.replace("VOTES\nvoter_id;vote\n1;a,b\n2;b\n", ""), 11, "VOTES"),
    ("hello\n" + GOOD, 1, "before"),
    (GOOD.replace("budget;100\n", ""), 1, "budget"),
    (GOOD.replace("budget;100", "budget"), 5, "key;value"),
    (GOOD.replace("approval", "cumulative").replace("voter_id;vote\n", "voter_id;vote;points\n")
     .replace("1;a,b", "1;a,b;1"), 13, "points"),
]


@pytest.mark.parametrize("text, line, word", MALFORMED)
def test_malformed_file_names_the_line(text, line, word, tmp_path):
    path = tmp_path / "bad.pb"
    path.write_text(text)
    with pytest.raises(PabulibError) as info:
        read_pabulib(path)
    assert info.value.line == line
    assert str(info.value).startswith(f"line {line}:")
    assert word in str(info.value)


def test_not_utf8_names_the_line(tmp_path):
    path = tmp_path / "bad.pb"
    path.write_bytes(GOOD.replace("Park", "P\xe4rk").encode("latin-1"))
    with pytest.raises(PabulibError, match="^line 9:"):
        read_pabulib(path)
