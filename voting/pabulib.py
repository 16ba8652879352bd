"""Read and write Pabulib ``.pb`` files (https://pabulib.org/format).

A file has three sections, each a line with its name and a header line::

    META            key;value rows: budget, vote_type, num_projects, ...
    PROJECTS        project_id;cost;... one row per project
    VOTES           voter_id;vote;[points;]... one row per voter

Fields are separated by ``;`` and may be quoted CSV-style; values are stripped of spaces, as
pabutools does. Optional columns (name, votes, score, selected, category, ...) are kept
verbatim on the project or ballot, and the column order on the election, so that
``parse_pabulib(write_pabulib(e)) == e`` for every election read from a file.

A malformed file raises :class:`PabulibError`, whose message starts with ``line N:``; the
reader builds nothing and changes nothing before it raises.
"""
from __future__ import annotations

import csv
from pathlib import Path

from voting.election import VOTE_TYPES, Ballot, Election, Project, exact_number, format_number

SECTIONS = ("meta", "projects", "votes")
POINTS_TYPES = ("cumulative", "scoring")


class PabulibError(ValueError):
    """A malformed ``.pb`` file; ``line`` is the 1-based line number of the fault."""

    def __init__(self, line: int, message: str):
        super().__init__(f"line {line}: {message}")
        self.line = line
        self.reason = message


def read_pabulib(path: str | Path) -> Election:
    """Parse the ``.pb`` file at ``path`` (UTF-8, optional BOM, any line endings)."""
    try:
        text = Path(path).read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        # count the lines before the bad byte so the message still names a line
        raw = Path(path).read_bytes()
        raise PabulibError(raw[: exc.start].count(b"\n") + 1, "not UTF-8 text") from None
    return parse_pabulib(text)


def parse_pabulib(text: str) -> Election:
    """Parse the text of a ``.pb`` file into an :class:`Election`."""
    reader = csv.reader(text.splitlines(), delimiter=";")
    section, header = "", []
    header_line = 0
    meta: dict[str, str] = {}
    meta_lines: dict[str, int] = {}
    projects: dict[str, Project] = {}
    project_columns: tuple[str, ...] = ()
    vote_rows: list[tuple[int, list[str]]] = []
    vote_columns: tuple[str, ...] = ()
    seen: list[str] = []
    section_lines: dict[str, int] = {}
    for row in reader:
        line = reader.line_num
        if not row or (len(row) == 1 and not row[0].strip()):
            continue
        name = row[0].strip().lower()
        if name in SECTIONS and len(row) == 1:
            expected = SECTIONS[len(seen)] if len(seen) < 3 else None
            if name != expected:
                raise PabulibError(line, f"section {name.upper()} out of order (expected "
                                         f"{expected.upper() if expected else 'end of file'})")
            seen.append(name)
            section_lines[name] = line
            try:
                header = [h.strip() for h in next(reader)]
            except StopIteration:
                raise PabulibError(line, f"section {name.upper()} has no header line") from None
            section, header_line = name, reader.line_num
            if name == "projects":
                _require(header, ("project_id", "cost"), header_line)
                project_columns = tuple(header)
            elif name == "votes":
                _require(header, ("vote",), header_line)
                vote_columns = tuple(header)
            continue
        if not section:
            raise PabulibError(line, "text before the META section")
        if len(row) > len(header):
            raise PabulibError(line, f"{len(row)} fields but the header has {len(header)}")
        values = dict(zip(header, (v.strip() for v in row)))
        if section == "meta":
            if len(row) != 2:
                raise PabulibError(line, "META rows are key;value")
            meta[values[header[0]]] = values[header[1]]
            meta_lines[values[header[0]]] = line
        elif section == "projects":
            project = _project(values, line)
            if project.id in projects:
                raise PabulibError(line, f"project {project.id} listed twice")
            projects[project.id] = project
        else:
            vote_rows.append((line, row))
    if len(seen) < 3:
        missing = SECTIONS[len(seen)].upper()
        raise PabulibError(reader.line_num + 1, f"no {missing} section")
    budget, vote_type, max_length = _meta_fields(meta, meta_lines, section_lines["meta"])
    ballots = [_ballot(dict(zip(vote_columns, (v.strip() for v in row))), line, vote_type, projects)
               for line, row in vote_rows]
    return Election(budget=budget, projects=list(projects.values()), ballots=ballots,
                    vote_type=vote_type, meta=meta, max_length=max_length,
                    project_columns=project_columns, vote_columns=vote_columns)


def _require(header: list[str], names: tuple[str, ...], line: int) -> None:
    """Raise unless every column in ``names`` is in ``header``."""
    for name in names:
        if name not in header:
            raise PabulibError(line, f"header lacks the {name} column")


def _meta_fields(meta: dict[str, str], lines: dict[str, int], header_line_of_meta: int):
    """Budget, vote type and ordinal length from META, each checked."""
    if "budget" not in meta:
        raise PabulibError(header_line_of_meta, "META has no budget")
    try:
        budget = exact_number(meta["budget"])
    except ValueError:
        raise PabulibError(lines["budget"], f"budget {meta['budget']!r} is not a number") from None
    if budget < 0:
        raise PabulibError(lines["budget"], "budget is negative")
    vote_type = meta.get("vote_type")
    if vote_type is None:
        raise PabulibError(header_line_of_meta, "META has no vote_type")
    if vote_type not in VOTE_TYPES:
        raise PabulibError(lines["vote_type"], f"unknown vote_type {vote_type!r}")
    max_length = None
    if "max_length" in meta:
        try:
            max_length = int(meta["max_length"])
        except ValueError:
            raise PabulibError(lines["max_length"], "max_length is not an integer") from None
    return budget, vote_type, max_length


def _project(values: dict[str, str], line: int) -> Project:
    """One PROJECTS row."""
    pid = values.get("project_id", "")
    if not pid:
        raise PabulibError(line, "empty project_id")
    try:
        cost = exact_number(values.get("cost", ""))
    except ValueError:
        raise PabulibError(line, f"cost {values.get('cost', '')!r} is not a number") from None
    if cost < 0:
        raise PabulibError(line, "negative cost")
    extra = {k: v for k, v in values.items() if k not in ("project_id", "cost", "name")}
    return Project(pid, cost, values.get("name", ""), extra)


def _ballot(values: dict[str, str], line: int, vote_type: str, projects: dict) -> Ballot:
    """One VOTES row, every project id checked against PROJECTS."""
    raw = values.get("vote", "")
    ids = [v.strip() for v in raw.split(",")] if raw else []
    for pid in ids:
        if pid not in projects:
            raise PabulibError(line, f"vote for unknown project {pid!r}")
    extra = {k: v for k, v in values.items() if k not in ("voter_id", "vote", "points")}
    voter_id = values.get("voter_id")
    if vote_type in POINTS_TYPES:
        raw_points = values.get("points", "")
        points = [p.strip() for p in raw_points.split(",")] if raw_points else []
        if len(points) != len(ids):
            raise PabulibError(line, f"{len(ids)} projects but {len(points)} points")
        try:
            numbers = [exact_number(p) for p in points]
        except ValueError as exc:
            raise PabulibError(line, str(exc)) from None
        if any(n < 0 for n in numbers):
            raise PabulibError(line, "negative points")
        # a repeated id keeps its first place and its last points, exactly as pabutools'
        # dict-based CumulativeBallot does (Czestochowa 2020 line 11740: "579,579,579,579")
        return Ballot(dict(zip(ids, numbers)), voter_id=voter_id, extra=extra)
    # a repeated id counts once, at its first place, as in pabutools (real files have them)
    ids = list(dict.fromkeys(ids))
    if vote_type == "choose-1" and len(ids) > 1:
        raise PabulibError(line, "choose-1 vote with several projects")
    return Ballot(ids, voter_id=voter_id, extra=extra)


def write_pabulib(election: Election, path: str | Path | None = None) -> str:
    """Return the ``.pb`` text of ``election`` (and write it to ``path`` if given).

    Ballots of weight w become w rows (Pabulib has no weight column), with voter ids
    ``<id>-1 .. <id>-w``. Ballots without a voter id are numbered from 1.
    """
    meta = dict(election.meta)
    defaults = {"num_projects": str(len(election.projects)),
                "num_votes": str(election.num_voters())}
    for key, value in defaults.items():
        meta.setdefault(key, value)
    old_budget = meta.get("budget")
    if old_budget is None or _number_or_none(old_budget) != election.budget:
        meta["budget"] = format_number(election.budget)
    meta["vote_type"] = election.vote_type
    lines = ["META", "key;value"] + [f"{_field(k)};{_field(v)}" for k, v in meta.items()]

    columns = list(election.project_columns or ("project_id", "cost"))
    if election.project_columns is None and any(p.name for p in election.projects):
        columns.append("name")
    for p in election.projects:
        columns += [k for k in p.extra if k not in columns]
    lines += ["PROJECTS", ";".join(_field(c) for c in columns)]
    for p in election.projects:
        cells = {"project_id": p.id, "cost": format_number(p.cost), "name": p.name, **p.extra}
        lines.append(";".join(_field(cells.get(c, "")) for c in columns))

    points = election.vote_type in POINTS_TYPES
    columns = list(election.vote_columns or (("voter_id", "vote", "points") if points
                                              else ("voter_id", "vote")))
    for b in election.ballots:
        columns += [k for k in b.extra if k not in columns]
    lines += ["VOTES", ";".join(_field(c) for c in columns)]
    number = 0
    for b in election.ballots:
        cells = {"vote": ",".join(b.ids()), **b.extra}
        if isinstance(b.choices, dict):
            cells["points"] = ",".join(format_number(v) for v in b.choices.values())
        base = b.voter_id if b.voter_id is not None else str(number + 1)
        for copy in range(1, b.weight + 1):
            number += 1
            cells["voter_id"] = base if b.weight == 1 else f"{base}-{copy}"
            lines.append(";".join(_field(cells.get(c, "")) for c in columns))
    text = "\n".join(lines) + "\n"
    if path is not None:
        Path(path).write_text(text, encoding="utf-8")
    return text


def _number_or_none(text: str):
    """The exact number in ``text``, or None."""
    try:
        return exact_number(text)
    except ValueError:
        return None


def _field(value: str) -> str:
    """Quote a value only when the reader would otherwise change it."""
    if (";" in value or "\n" in value or "\r" in value or value.startswith('"')
            or value != value.strip()):
        return '"' + value.replace('"', '""') + '"'
    return value
