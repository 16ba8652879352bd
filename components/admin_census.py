"""/admin/census: upload the census roll (CSV) and read the import report."""
from __future__ import annotations

from dash import dcc, html

from translations import _

CENSUS_UPLOAD = "admin-census-upload"
CENSUS_REPORT = "admin-census-report"
MAX_UPLOAD = 20 * 1024 * 1024


def layout(**_kwargs) -> html.Div:
    """The upload area and where its report appears."""
    return html.Div([
        html.H1(_("Census roll")),
        html.P(_("Upload a CSV file with the columns personal_number,birth_date,district_code "
                 "(14 digits, a date like 1990-05-31, a known district code). Only keyed hashes are "
                 "stored. If any line is wrong, nothing is imported and the line is named. "
                 "Importing the same file again changes nothing.")),
        dcc.Upload(id=CENSUS_UPLOAD, accept=".csv,text/csv", max_size=MAX_UPLOAD, multiple=False,
                   children=html.Div([_("Drop the CSV file here, or "), html.A(_("choose a file"))]),
                   className="border border-2 rounded p-4 text-center",
                   style={"borderStyle": "dashed"}),
        html.Div(id=CENSUS_REPORT, **{"aria-live": "polite"}),
    ])
