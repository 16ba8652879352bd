"""/results: the published outcome, why each project was or was not funded, and the open data."""
from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import dcc, html
from sqlalchemy import select

from models import Budget, ResultSnapshot
from models.db import get_session
from services import exports
from services.results import snapshot_json, snapshots
from services.tally import compute_labels, compute_turnout
from translations import _, get_locale

from . import charts
from .chart_tables import table_alternative
from .format import day, money, number
from .outcome_text import explain, rule_label

RESULTS_BUDGET = "results-budget"
RESULTS_BODY = "results-body"
RESULTS_CHART = "results-chart"
RESULTS_DISTRICTS = "results-districts"


def published_budgets(session) -> list[Budget]:
    """Budgets with at least one snapshot, newest first."""
    ids = select(ResultSnapshot.budget_id)
    return list(session.scalars(select(Budget).where(Budget.id.in_(ids))
                                .order_by(Budget.year.desc(), Budget.id.desc())))


def _downloads(budget: Budget, snap: dict) -> html.Div:
    """Each file with the SHA-256 anyone can check it against."""
    base = f"/api/v1/budgets/{budget.id}"
    envelopes = snap["tallies"]["envelopes"]
    items = [(_("Ballots (Pabulib .pb)") + (f" · {e['subunit']}" if len(envelopes) > 1 else ""),
              f"{base}/export.pb" + (f"?envelope={eid}" if len(envelopes) > 1 else ""), e["pb_sha256"])
             for eid, e in sorted(envelopes.items(), key=lambda kv: int(kv[0]))]
    full = {"slug": budget.slug, **snap}
    items += [(_("Results (CSV)"), f"{base}/results.csv", exports.sha256(exports.results_csv(full))),
              (_("Results (JSON)"), f"{base}/results.json", exports.sha256(exports.results_json(full)))]
    return html.Ul([html.Li([html.A(label, href=href, download=""), html.Br(),
                             html.Small(["SHA-256: ", html.Code(digest)])]) for label, href, digest in items],
                   className="list-unstyled")


def _history(history: list[dict]) -> html.Div | None:
    """Every snapshot: corrections stay beside what they replace."""
    if len(history) < 2:
        return None
    return html.Div([html.H2(_("Corrections"), className="h4 mt-4"), html.Ul([
        html.Li([html.Strong(day_time(s["published_at"])), " — ",
                 s["reason"] or _("First publication"),
                 html.Small([" (SHA-256 ", html.Code(s["pb_sha256"][:16]), "…)"])]) for s in history])])


def day_time(iso: str) -> str:
    """The date of an ISO timestamp in the reader's language."""
    from datetime import datetime

    return day(datetime.fromisoformat(iso))


def result_view(session, budget: Budget) -> html.Div:
    """The snapshot in force for `budget`, with its explanations, charts and downloads."""
    history = [snapshot_json(s) for s in snapshots(session, budget.id)]
    snap = history[0]
    labels = compute_labels(session, budget)
    selected = set(snap["selected"])
    rows = [{"id": pid, **row} for pid, row in snap["tallies"]["projects"].items()]
    rows.sort(key=lambda r: (r["id"] not in selected, -r["points"], int(r["id"])))
    table = dbc.Table([
        html.Thead(html.Tr([html.Th(_("Project")), html.Th(_("Cost")), html.Th(_("Votes")),
                            html.Th(_("Outcome"))])),
        html.Tbody([html.Tr([html.Td(charts.label(labels["projects"], r["id"])),
                             html.Td(money(r["cost"])), html.Td(number(r["points"])),
                             html.Td([html.Strong(_("Funded") if r["id"] in selected else _("Not funded")),
                                      html.Br(), html.Small(explain(snap["explanations"].get(r["id"])))])])
                    for r in rows])], striped=True, size="sm")
    # A scrolling region must take keyboard focus, so it can be scrolled without a mouse.
    table = html.Div(table, className="table-responsive", tabIndex="0", role="region",
                     **{"aria-label": _("Projects and outcomes")})
    turnout = compute_turnout(session, budget)
    graph = {"config": {"displaylogo": False, "responsive": True}}
    return html.Div([
        html.P(_("Counted with the %(rule)s rule on %(count)s ballots; published %(date)s.",
                 rule=rule_label(snap["rule"]), count=number(snap["ballots_counted"]),
                 date=day_time(snap["published_at"]))),
        html.P(_("%(spent)s spent of %(budget)s.", spent=money(snap["spent"]), budget=money(budget.amount)),
               className="fs-5 fw-semibold"),
        table,
        dcc.Graph(id=RESULTS_CHART, figure=charts.votes_figure(rows, selected, labels["projects"],
                                                               rule_label(snap["rule"])), **graph),
        dcc.Graph(id=RESULTS_DISTRICTS, figure=charts.district_figure(turnout["by_district"],
                                                                      labels["districts"]), **graph),
        table_alternative(RESULTS_DISTRICTS, [_("District"), _("% of residents"), _("Ballots")]),
        _history(history) or html.Div(),
        html.H2(_("Open data"), className="h4 mt-4"),
        html.P(_("Recount it yourself: `ashar tally FILE.pb --rule %(rule)s`, or with pabutools.",
                 rule=snap["rule"])),
        _downloads(budget, snap),
    ])


def layout(budget: str | None = None, **_query) -> html.Div:
    """The chosen (or newest) published budget's result."""
    session = get_session()
    budgets = published_budgets(session)
    if not budgets:
        return html.Div([html.H1(_("Results")),
                         dbc.Alert(_("No result has been published yet."), color="light")])
    chosen = next((b for b in budgets if str(b.id) == str(budget)), budgets[0])
    lang = get_locale()
    return html.Div([
        html.H1(_("Results")),
        html.Div([dbc.Label(_("Budget"), html_for=RESULTS_BUDGET),
                  dbc.Select(id=RESULTS_BUDGET, value=str(chosen.id),
                             options=[{"label": b.text("name", lang), "value": str(b.id)} for b in budgets])],
                 className="mb-3", hidden=len(budgets) < 2),
        html.Div(result_view(session, chosen), id=RESULTS_BODY),
    ])
