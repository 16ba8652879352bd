"""Test helpers: a client that speaks to Dash callbacks exactly as dash-renderer does."""
from __future__ import annotations

from security import CSRF_COOKIE, CSRF_HEADER


def _prop(spec) -> dict:
    component_id, prop = spec[0], spec[1]
    entry = {"id": component_id, "property": prop}
    if len(spec) > 2:
        entry["value"] = spec[2]
    return entry


class DashClient:
    """Wraps Flask's test client: GETs pages, POSTs callbacks with the CSRF header."""

    def __init__(self, flask_client):
        self.http = flask_client
        self.http.get("/")  # the index page hands out the CSRF cookie, as in a browser

    @property
    def csrf(self) -> str:
        cookie = self.http.get_cookie(CSRF_COOKIE)
        return cookie.value if cookie else ""

    def get(self, *args, **kwargs):
        return self.http.get(*args, **kwargs)

    def callback(self, outputs, inputs, state=(), changed=None, csrf=True, headers=None):
        """POST to /_dash-update-component.

        `outputs`: [(id, prop)]; `inputs`/`state`: [(id, prop, value)]. Returns the response.
        """
        outputs = list(outputs)
        if len(outputs) == 1:
            output_key = f"{outputs[0][0]}.{outputs[0][1]}"
            outputs_body = _prop(outputs[0])
        else:
            output_key = ".." + "...".join(f"{i}.{p}" for i, p in outputs) + ".."
            outputs_body = [_prop(o) for o in outputs]
        inputs = [_prop(i) for i in inputs]
        body = {
            "output": output_key,
            "outputs": outputs_body,
            "inputs": inputs,
            "state": [_prop(s) for s in state],
            "changedPropIds": changed or ([f"{inputs[0]['id']}.{inputs[0]['property']}"] if inputs else []),
        }
        all_headers = dict(headers or {})
        if csrf:
            all_headers[CSRF_HEADER] = self.csrf
        return self.http.post("/_dash-update-component", json=body, headers=all_headers)

    def page(self, path: str, search: str = ""):
        """Render a page through the router callback, as the browser does after loading `/`."""
        return self.callback([("page-content", "children")],
                             [("url", "pathname", path), ("url", "search", search)])


def login(client: DashClient, user, mfa: bool = True, fresh: bool = True) -> None:
    """Put `user` in the client's session as a finished login would (password, then TOTP).

    Tests of other features use this; the login journey itself is tested through its callbacks.
    """
    import time

    from flask_login.utils import _create_identifier

    from security import SESSION_AUTH_AT, SESSION_MFA

    # The identifier hashes the client's address and agent: compute it as a request would.
    with client.http.application.test_request_context(environ_base=client.http.environ_base):
        identifier = _create_identifier()
    with client.http.session_transaction() as sess:
        sess["_user_id"] = user.get_id()
        sess["_fresh"] = True
        sess["_id"] = identifier
        sess[SESSION_MFA] = mfa
        sess[SESSION_AUTH_AT] = time.time() if fresh else 0
