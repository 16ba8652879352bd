"""A table beside each chart: the same figures for screen readers, keyboards and careful readers.

`table_alternative(graph_id, headings)` goes right after a `dcc.Graph`; the browser fills the
table from the figure each time the figure changes (also after /live's partial updates), so
the table can never say something the chart does not.
"""
from __future__ import annotations

from dash import dcc, html

from translations import _


def table_id(graph_id: str) -> str:
    """Where the table of `graph_id` is drawn."""
    return f"{graph_id}-table"


def headings_id(graph_id: str) -> str:
    """The store holding the table's column headings, translated on the server."""
    return f"{graph_id}-table-headings"


def table_alternative(graph_id: str, headings: list[str]) -> html.Details:
    """A closed "show as a table" disclosure filled from the figure of `graph_id`.

    `headings`: the x values' column, the y values' column, and (when the figure's trace
    carries `text`) the text values' column.
    """
    return html.Details([
        html.Summary(_("Show these figures as a table")),
        html.Div(id=table_id(graph_id), className="table-responsive", tabIndex="0", role="region",
                 **{"aria-label": _("Figures of the chart above")}),
        dcc.Store(id=headings_id(graph_id), data=headings),
    ], className="chart-table mb-3")
