"""Building raw callback requests from the app's own callback map, for the security suites."""
from __future__ import annotations

import json

from sqlalchemy import func, select

from models import Base
from security import CSRF_HEADER

WILDCARDS = {"ALL", "ALLSMALLER"}


def _concrete(component_id):
    """A pattern-matching id made concrete (MATCH → 1); None when it expands to a list (ALL)."""
    if not (isinstance(component_id, str) and component_id.startswith("{")):
        return component_id
    parsed = json.loads(component_id)
    if any(isinstance(v, list) and v and v[0] in WILDCARDS for v in parsed.values()):
        return None
    return {k: (1 if isinstance(v, list) else v) for k, v in parsed.items()}


def _prop(component_id, prop, value=None, with_value=False):
    concrete = _concrete(component_id)
    if concrete is None:
        return []  # ALL: an empty group, as when no such component is on the page
    item = {"id": concrete, "property": prop}
    if with_value:
        item["value"] = value
    return item


def outputs_of(key: str) -> list[tuple[str, str]]:
    """[(id, property)] named by a callback's output key."""
    parts = key[2:-2].split("...") if key.startswith("..") else [key]
    return [tuple(part.rsplit(".", 1)) for part in parts]


def body_for(app, key: str, input_value, state_value) -> dict:
    """The JSON dash-renderer would send for callback `key`, with the given values."""
    spec = app.callback_map[key]
    outputs = [_prop(i, p) for i, p in outputs_of(key)]
    inputs = [_prop(d["id"], d["property"], input_value, True) for d in spec["inputs"]]
    state = [_prop(d["id"], d["property"], state_value, True) for d in spec["state"]]
    first = next((i for i in inputs if isinstance(i, dict)), None)
    changed = [f"{first['id']}.{first['property']}"] if first and isinstance(first["id"], str) else []
    return {"output": key, "outputs": outputs if key.startswith("..") else outputs[0],
            "inputs": inputs, "state": state, "changedPropIds": changed}


def post(client, body: dict, csrf: str | None = "auto"):
    """POST a callback body with the CSRF header (or a given/missing one)."""
    headers = {}
    if csrf == "auto":
        headers[CSRF_HEADER] = client.csrf
    elif csrf is not None:
        headers[CSRF_HEADER] = csrf
    return client.http.post("/_dash-update-component", json=body, headers=headers)


def row_counts(session) -> dict[str, int]:
    """Rows per table: a refused request must leave every number unchanged."""
    session.expire_all()
    return {t.name: session.scalar(select(func.count()).select_from(t)) for t in Base.metadata.sorted_tables}


def server_callbacks(app) -> list[str]:
    """Output keys of callbacks that run on the server (clientside ones never reach it)."""
    return sorted(k for k, v in app.callback_map.items() if "callback" in v)
