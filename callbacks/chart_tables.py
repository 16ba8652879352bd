"""Fill each chart's table alternative from its figure, in the browser (no server, no rule)."""
from __future__ import annotations

from dash import Input, Output, State

from components.chart_tables import headings_id, table_id
from components.live import LIVE_DISTRICTS, LIVE_TURNOUT_TIME
from components.results import RESULTS_DISTRICTS

CHARTS = (LIVE_TURNOUT_TIME, LIVE_DISTRICTS, RESULTS_DISTRICTS)

# The figure's first trace as rows: x, y and, when present, text; numbers in the page's language.
FIGURE_TO_TABLE = """
function(figure, headings) {
    var trace = figure && figure.data && figure.data[0];
    if (!trace || !trace.x || !trace.x.length) { return null; }
    var lang = document.documentElement.lang || undefined, extra = trace.text;
    function el(type, children, props) {
        return {namespace: 'dash_html_components', type: type,
                props: Object.assign({children: children}, props || {})};
    }
    function show(v) {
        var n = Number(v);
        return (v !== '' && v !== null && !isNaN(n)) ? n.toLocaleString(lang)
                                                     : String(v).replace('T', ' ');
    }
    var heads = (headings || []).slice(0, extra ? 3 : 2).map(function (h) {
        return el('Th', h, {scope: 'col'});
    });
    var rows = trace.x.map(function (x, i) {
        var cells = [el('Th', show(x), {scope: 'row'}), el('Td', show(trace.y[i]))];
        if (extra) { cells.push(el('Td', show(extra[i]))); }
        return el('Tr', cells);
    });
    return el('Table', [el('Thead', el('Tr', heads)), el('Tbody', rows)],
              {className: 'table table-sm mb-0'});
}
"""


def register(app) -> None:
    """One browser-side callback per chart that has a table alternative."""
    for graph_id in CHARTS:
        app.clientside_callback(FIGURE_TO_TABLE, Output(table_id(graph_id), "children"),
                                Input(graph_id, "figure"), State(headings_id(graph_id), "data"))
