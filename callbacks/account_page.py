"""The account page: census and contact-code verification, two-factor enrolment and removal."""
from __future__ import annotations

import base64
import io

import qrcode
import qrcode.image.svg
from dash import Input, Output, State, html, no_update
from flask import current_app
from flask_login import current_user

from components import account as acc
from models import User
from models.db import get_session
from services import census, two_factor, verification
from services.errors import DomainError
from translations import _

from . import session as login_session
from .guard import RESIDENT, protected
from .messages import clicked, done, refusal

SHOWN = {"display": "block"}


def _me(db) -> User:
    """The logged-in account, loaded in this request's session."""
    return db.get(User, current_user.id)


def claim_census(n_clicks, personal_number, birth_date):
    """Verify residency from the census roll; wrong details get one neutral message."""
    if not clicked(n_clicks):
        return no_update
    db = get_session()
    try:
        district = census.claim(db, current_app.config["CENSUS_KEY"], _me(db), personal_number, birth_date)
    except DomainError as error:
        db.rollback()
        return refusal(error)
    return done(_("Thank you: your residency is verified (%(district)s). You can now propose and vote.",
                  district=district.code))


def send_contact_code(n_clicks):
    """Send a code to the account's own contact."""
    if not clicked(n_clicks):
        return no_update
    db = get_session()
    try:
        where = verification.send_contact_code(db, _me(db), sender=login_session.sender())
    except DomainError as error:
        db.rollback()
        return refusal(error)
    return done(_("We sent a code to %(contact)s. It works for 10 minutes.", contact=where))


def confirm_contact_code(n_clicks, code):
    """Check the code sent to the contact."""
    if not clicked(n_clicks):
        return no_update
    db = get_session()
    try:
        verification.confirm_contact(db, _me(db), code)
    except DomainError as error:
        db.rollback()
        return refusal(error)
    return done(_("Your contact is confirmed."))


def _qr_data_uri(uri: str) -> str:
    image = qrcode.make(uri, image_factory=qrcode.image.svg.SvgPathImage)
    buffer = io.BytesIO()
    image.save(buffer)
    return "data:image/svg+xml;base64," + base64.b64encode(buffer.getvalue()).decode()


def begin_two_factor(n_clicks):
    """A new secret, as a QR code and as text; it works only after the first code is confirmed."""
    if not clicked(n_clicks):
        return no_update, no_update
    db = get_session()
    try:
        secret, uri = two_factor.begin_enrolment(db, _me(db))
    except DomainError as error:
        db.rollback()
        return refusal(error), no_update
    spaced = " ".join(secret[i:i + 4] for i in range(0, len(secret), 4))
    return html.Div([
        html.P(_("Scan this code with an authenticator app (for example Aegis, FreeOTP or Google "
                 "Authenticator), or type the secret below into it.")),
        html.Img(src=_qr_data_uri(uri), alt=_("QR code for your authenticator app"),
                 style={"width": "220px", "height": "220px", "background": "white"}),
        html.P([_("Secret:"), " ", html.Code(spaced)], className="mt-2"),
    ]), SHOWN


def confirm_two_factor(n_clicks, code):
    """Turn TOTP on with its first code; show the recovery codes once; this session passed 2FA."""
    if not clicked(n_clicks):
        return no_update
    db = get_session()
    try:
        recovery = two_factor.confirm_enrolment(db, _me(db), code)
    except DomainError as error:
        db.rollback()
        return refusal(error)
    login_session.grant_second_factor()
    return done(html.Div([
        html.P(_("Two-factor login is on. Keep these recovery codes somewhere safe: each one "
                 "replaces your phone once, and they are shown only now.")),
        html.Ul([html.Li(html.Code(c)) for c in recovery]),
    ]))


def disable_two_factor(n_clicks, code):
    """Turn TOTP off with a current code; staff lose their powers in this session until re-enrolled."""
    if not clicked(n_clicks):
        return no_update
    db = get_session()
    try:
        two_factor.disable(db, _me(db), code)
    except DomainError as error:
        db.rollback()
        return refusal(error)
    login_session.revoke_second_factor()
    return done(_("Two-factor login is off."))


def register(app) -> None:
    """Attach the account page's callbacks with their rules."""
    protected(app, RESIDENT, Output(acc.CENSUS_MESSAGE, "children"), Input(acc.CENSUS_SUBMIT, "n_clicks"),
              State(acc.CENSUS_PIN, "value"), State(acc.CENSUS_BIRTH, "value"),
              prevent_initial_call=True, limit=True)(claim_census)
    protected(app, RESIDENT, Output(acc.CODE_MESSAGE, "children"), Input(acc.CODE_SEND, "n_clicks"),
              prevent_initial_call=True, limit=True)(send_contact_code)
    protected(app, RESIDENT, Output(acc.CODE_MESSAGE, "children", allow_duplicate=True),
              Input(acc.CODE_SUBMIT, "n_clicks"), State(acc.CODE_INPUT, "value"),
              prevent_initial_call=True, limit=True)(confirm_contact_code)
    protected(app, RESIDENT, Output(acc.TOTP_SETUP, "children"), Output(acc.TOTP_CONFIRM_FORM, "style"),
              Input(acc.TOTP_BEGIN, "n_clicks"), prevent_initial_call=True, fresh=True)(begin_two_factor)
    protected(app, RESIDENT, Output(acc.TOTP_MESSAGE, "children"), Input(acc.TOTP_CONFIRM, "n_clicks"),
              State(acc.TOTP_CODE, "value"), prevent_initial_call=True, fresh=True, limit=True)(confirm_two_factor)
    protected(app, RESIDENT, Output(acc.TOTP_MESSAGE, "children", allow_duplicate=True),
              Input(acc.TOTP_DISABLE, "n_clicks"), State(acc.TOTP_DISABLE_CODE, "value"),
              prevent_initial_call=True, fresh=True, limit=True)(disable_two_factor)
