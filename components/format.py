"""Display helpers shared by pages: money, dates, status labels and per-language text."""
from __future__ import annotations

from datetime import date, datetime

import dash_bootstrap_components as dbc
from babel.dates import format_date
from babel.numbers import format_decimal
from dash import html

from translations import _, get_locale


def currency_unit(currency: str = "KGS") -> str:
    """How readers write the currency: `сом` in Kyrgyz and Russian, `KGS` in English."""
    return "сом" if currency == "KGS" and get_locale() in ("ky", "ru") else currency


def money(amount: int | None, currency: str = "KGS") -> str:
    """`12 500 000 сом` in Kyrgyz and Russian, `12,500,000 KGS` in English."""
    if amount is None:
        return "—"
    return f"{format_decimal(amount, locale=get_locale())}\u00a0{currency_unit(currency)}"


def day(value: date | datetime | None) -> str:
    """A date in the reader's language, e.g. `1 мар. 2026 г.`; a dash when unknown."""
    if value is None:
        return "—"
    if isinstance(value, datetime):
        value = value.date()
    return format_date(value, "medium", locale=get_locale())


def number(value: int) -> str:
    """An integer with the reader's thousands separator."""
    return format_decimal(value, locale=get_locale())


def language_name(lang: str) -> str:
    """A content language's name in the reader's language."""
    return {"ky": _("Kyrgyz"), "ru": _("Russian"), "en": _("English")}.get(lang, lang)


def localized(obj, field: str, tag=html.Span, **props):
    """`obj`'s `field` in the reader's language, marked when shown in another one."""
    text, lang = obj.text_with_language(field, get_locale())
    children = [text]
    if lang != get_locale():
        children.append(html.Small(" " + _("(shown in %(language)s)", language=language_name(lang)),
                                   className="text-muted fw-normal"))
    return tag(children, lang=lang, **props)


def phase_label(phase: str) -> str:
    """A budget phase as readers name it."""
    return {"draft": _("Draft"), "proposals": _("Taking proposals"), "review": _("Under review"),
            "voting": _("Voting open"), "closed": _("Voting closed"),
            "published": _("Results published"), "implementation": _("Being implemented"),
            }.get(phase, phase)


def status_label(status: str) -> str:
    """A project status (or a status-history step) as readers name it."""
    return {"proposed": _("Proposed"), "under_review": _("Under review"), "accepted": _("On the ballot"),
            "rejected": _("Not accepted"), "withdrawn": _("Withdrawn"), "merged": _("Merged"),
            "submitted": _("Submitted"), "funded": _("Funded"), "not_funded": _("Not funded"),
            "hidden": _("Hidden"), "restored": _("Restored"),
            }.get(status, status.replace("_", " ").capitalize())


def category_label(category: str) -> str:
    """A project category as readers name it."""
    return {"parks": _("Parks"), "lighting": _("Street lighting"), "water": _("Water"),
            "schools": _("Schools"), "roads": _("Roads"), "accessibility": _("Accessibility"),
            "culture": _("Culture"), "sport": _("Sport"), "health": _("Health"),
            "environment": _("Environment"), "transport": _("Transport"), "other": _("Other"),
            }.get(category, category)


def role_label(role: str) -> str:
    """An account role as readers name it."""
    return {"resident": _("Resident"), "moderator": _("Moderator"), "observer": _("Observer"),
            "admin": _("Administrator")}.get(role, role)


def choice_label(value: str) -> str:
    """A voting method, outcome rule or tally visibility as admins read it."""
    return {"approval": _("Approval (choose up to k)"), "knapsack": _("Knapsack (within the budget)"),
            "cumulative": _("Cumulative (spread points)"), "greedy": _("Greedy by votes"),
            "mes": _("Equal shares (MES)"), "mes_add1": _("Equal shares (MES), Add1 completion"),
            "mes_add1_greedy": _("Equal shares (MES), Add1, then greedy"),
            "public_live": _("Public, live"), "observers_live": _("Observers live, public after publication"),
            "after_close": _("After voting closes"),
            }.get(value, value)


def progress_label(status: str) -> str:
    """An implementation or commitment status as readers name it."""
    return {"planned": _("Planned"), "procurement": _("Procurement"), "in_progress": _("In progress"),
            "completed": _("Completed"), "cancelled": _("Cancelled"), "not_started": _("Not started"),
            "delayed": _("Delayed"), "done": _("Done"),
            }.get(status, status)


_COLOURS = {
    "proposals": "info", "review": "secondary", "voting": "success", "closed": "dark",
    "published": "primary", "implementation": "primary",
    "proposed": "info", "under_review": "secondary", "accepted": "success", "rejected": "danger",
    "withdrawn": "light", "merged": "light",
    "planned": "secondary", "procurement": "info", "in_progress": "warning", "completed": "success",
    "cancelled": "danger", "not_started": "secondary", "delayed": "danger", "done": "success",
}


def badge(value: str, label: str) -> dbc.Badge:
    """A coloured badge for a phase or status; the colour only repeats what the label says."""
    colour = _COLOURS.get(value, "secondary")
    dark_text = colour in ("light", "warning", "info")  # white on these fails contrast
    return dbc.Badge(label, color=colour, text_color="dark" if dark_text else None, className="me-1")
