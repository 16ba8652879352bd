"""`/admin/implementation`: dated updates on funded projects, with status, progress and a photo."""
from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import dcc, html

from models.base import LANGUAGES
from models.db import get_session
from models.project import IMPLEMENTATION_STATUSES
from services import implementation
from translations import _, get_locale

from .format import badge, language_name, localized, progress_label

IMPL_PROJECT = "impl-project"
IMPL_STATUS = "impl-status"
IMPL_PROGRESS = "impl-progress"
IMPL_LANGUAGE = "impl-language"
IMPL_NOTE = "impl-note"
IMPL_PHOTO = "impl-photo"
IMPL_PHOTO_NAME = "impl-photo-name"
IMPL_SAVE = "impl-save"
IMPL_MESSAGE = "impl-message"
IMPL_LIST = "impl-list"


def project_list(projects=None) -> html.Div:
    """Funded projects with their status, progress and number of updates."""
    session = get_session()
    projects = implementation.funded_projects(session) if projects is None else projects
    if not projects:
        return html.P(_("No funded projects yet."), className="text-muted")
    counts = implementation.count_updates(session, [p.id for p in projects])
    return html.Ul([html.Li([
        html.Strong(f"#{p.id} "), localized(p, "title"), " ",
        badge(p.implementation_status or "planned", progress_label(p.implementation_status or "planned")),
        html.Span(f"{p.progress}% · " + _("%(count)s updates", count=counts.get(p.id, 0)), className="small"),
    ], className="list-group-item") for p in projects], className="list-group")


def layout(**_query) -> html.Div:
    """The update form above the list of funded projects."""
    projects = implementation.funded_projects(get_session())
    options = [{"label": f"#{p.id} {p.text('title', get_locale())[:80]}", "value": str(p.id)} for p in projects]
    return html.Div([
        html.H1(_("Implementation")),
        dbc.Label(_("Project"), html_for=IMPL_PROJECT),
        dbc.Select(id=IMPL_PROJECT, options=options, value=options[0]["value"] if options else ""),
        dbc.Row([
            dbc.Col([dbc.Label(_("Status"), html_for=IMPL_STATUS),
                     dbc.Select(id=IMPL_STATUS, value="planned", options=[
                         {"label": progress_label(s), "value": s} for s in IMPLEMENTATION_STATUSES])], xs=6),
            dbc.Col([dbc.Label(_("Progress (%)"), html_for=IMPL_PROGRESS),
                     dbc.Input(id=IMPL_PROGRESS, type="number", min=0, max=100, value=0)], xs=6),
        ], className="mt-2"),
        dbc.Label(_("Language you write in"), html_for=IMPL_LANGUAGE),
        dbc.Select(id=IMPL_LANGUAGE, value=get_locale(),
                   options=[{"label": language_name(lang), "value": lang} for lang in LANGUAGES]),
        dbc.Label(_("Note (public)"), html_for=IMPL_NOTE),
        dbc.Textarea(id=IMPL_NOTE, rows=3, maxLength=implementation.NOTE_MAX),
        dcc.Upload(id=IMPL_PHOTO, children=html.Div(_("Add a photo (JPEG, PNG or WebP, at most 2 MB)")),
                   accept="image/jpeg,image/png,image/webp", max_size=implementation.PHOTO_MAX_BYTES,
                   className="border border-dashed rounded p-3 my-2 text-center"),
        html.Div(id=IMPL_PHOTO_NAME, className="small text-muted"),
        dbc.Button(_("Publish update"), id=IMPL_SAVE, color="primary"),
        html.Div(id=IMPL_MESSAGE, role="status", className="my-3"),
        html.Div(project_list(projects), id=IMPL_LIST),
    ])
