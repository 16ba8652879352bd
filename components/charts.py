"""Plotly figures as plain dicts (cheap to build and send) for the live and results pages."""
from __future__ import annotations

from translations import _, get_locale

FUNDED = "#0d6efd"
NOT_FUNDED = "#adb5bd"
LAYOUT = {"margin": {"l": 48, "r": 16, "t": 48, "b": 48}, "height": 360,
          "paper_bgcolor": "white", "plot_bgcolor": "white", "font": {"size": 13}}


def label(names: dict, key: str) -> str:
    """A title in the reader's language, falling back through the others."""
    entry = names.get(key) or {}
    lang = get_locale()
    return next((entry[k] for k in (lang, "ky", "ru", "en") if entry.get(k)), f"#{key}")


def votes_figure(rows: list[dict], funded: set[str], titles: dict, rule_name: str) -> dict:
    """Points per project, most first, coloured by whether `rule_name` funds it now.

    The dashed line is the funding line: left of it, the projects the rule funds.
    """
    rows = sorted(rows, key=lambda r: (-r["points"], int(r["id"])))
    names = [label(titles, r["id"]) for r in rows]
    figure = {
        "data": [{"type": "bar", "x": names, "y": [r["points"] for r in rows],
                  "marker": {"color": [FUNDED if r["id"] in funded else NOT_FUNDED for r in rows]},
                  "hovertemplate": "%{x}<br>%{y}<extra></extra>"}],
        "layout": {**LAYOUT, "title": {"text": _("Votes per project (blue: funded under %(rule)s now)",
                                                 rule=rule_name)},
                   "yaxis": {"title": {"text": _("Votes")}}, "xaxis": {"automargin": True}},
    }
    last = max((i for i, r in enumerate(rows) if r["id"] in funded), default=None)
    if last is not None and last + 1 < len(rows):
        figure["layout"]["shapes"] = [{"type": "line", "xref": "x", "yref": "paper",
                                       "x0": last + 0.5, "x1": last + 0.5, "y0": 0, "y1": 1,
                                       "line": {"dash": "dash", "color": "#dc3545"}}]
    return figure


def turnout_time_figure(by_hour: dict[str, int]) -> dict:
    """Ballots cast so far, hour by hour."""
    total, xs, ys = 0, [], []
    for hour, count in sorted(by_hour.items()):
        total += count
        xs.append(hour)
        ys.append(total)
    return {"data": [{"type": "scatter", "mode": "lines+markers", "x": xs, "y": ys,
                      "line": {"shape": "hv"}}],
            "layout": {**LAYOUT, "title": {"text": _("Turnout over time")},
                       "yaxis": {"title": {"text": _("Ballots")}, "rangemode": "tozero"},
                       "xaxis": {"title": {"text": _("Time (UTC)")}, "type": "date"}}}


def district_figure(by_district: dict, names: dict) -> dict:
    """Turnout as a share of each district's census population."""
    codes = [c for c in sorted(by_district) if by_district[c]["population"]]
    return {"data": [{"type": "bar", "x": [label(names, c) for c in codes],
                      "y": [round(100 * by_district[c]["share"], 2) for c in codes],
                      "text": [str(by_district[c]["ballots"]) for c in codes],
                      "hovertemplate": "%{x}: %{y}%<extra></extra>"}],
            "layout": {**LAYOUT, "title": {"text": _("Turnout by district (% of population)")},
                       "yaxis": {"title": {"text": _("% of residents")}, "rangemode": "tozero"}}}
