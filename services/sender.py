"""Sending short messages (codes, notices) to a phone or an e-mail address.

`send(session, destination, subject, body)` is the one entry point every feature uses. The
backend is chosen by `ASHAR_SENDER`: `console` (default: prints, and keeps an `OutboxMessage`
that admins read on /admin/outbox), `smtp` (`SMTP_HOST/PORT/USER/PASSWORD/FROM`) or `http`
(an SMS gateway: `SMS_GATEWAY_URL`, `SMS_GATEWAY_TOKEN`, JSON POST). The console backend writes
in the caller's transaction, so the message exists exactly when the caller's change does.
"""
from __future__ import annotations

import json
import os
import smtplib
import urllib.request
from email.message import EmailMessage

from sqlalchemy import select
from sqlalchemy.orm import Session

from models import OutboxMessage

from .errors import DomainError

BACKENDS = ("console", "smtp", "http")


def channel_of(destination: str) -> str:
    """`email` for an address with '@', otherwise `sms`."""
    return "email" if "@" in destination else "sms"


def send(session: Session, destination: str, subject: str, body: str,
         backend: str | None = None) -> None:
    """Deliver `body` to `destination`; raises DomainError when the message cannot leave."""
    backend = backend or os.environ.get("ASHAR_SENDER", "console")
    if backend == "console":
        _console(session, destination, subject, body)
    elif backend == "smtp":
        _smtp(destination, subject, body)
    elif backend == "http":
        _http(destination, subject, body)
    else:
        raise ValueError(f"unknown sender {backend!r}; choose one of {', '.join(BACKENDS)}")


def _console(session: Session, destination: str, subject: str, body: str) -> None:
    print(f"[ashar outbox] to {destination}: {subject}\n{body}", flush=True)
    session.add(OutboxMessage(channel=channel_of(destination), destination=destination,
                              subject=subject[:200], body=body))
    session.flush()


def _smtp(destination: str, subject: str, body: str) -> None:
    env = os.environ
    message = EmailMessage()
    message["From"] = env.get("SMTP_FROM", "ashar@localhost")
    message["To"] = destination
    message["Subject"] = subject
    message.set_content(body)
    try:
        with smtplib.SMTP(env.get("SMTP_HOST", "localhost"), int(env.get("SMTP_PORT", "587")),
                          timeout=10) as smtp:
            if env.get("SMTP_USER"):
                smtp.starttls()
                smtp.login(env["SMTP_USER"], env.get("SMTP_PASSWORD", ""))
            smtp.send_message(message)
    except (OSError, smtplib.SMTPException) as exc:
        raise DomainError("We could not send the message. Please try again later.") from exc


def _http(destination: str, subject: str, body: str) -> None:
    env = os.environ
    payload = json.dumps({"to": destination, "subject": subject, "text": body}).encode()
    request = urllib.request.Request(
        env.get("SMS_GATEWAY_URL", ""), data=payload, method="POST",
        headers={"Content-Type": "application/json",
                 "Authorization": f"Bearer {env.get('SMS_GATEWAY_TOKEN', '')}"})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            if response.status >= 300:
                raise OSError(f"gateway answered {response.status}")
    except (OSError, ValueError) as exc:
        raise DomainError("We could not send the message. Please try again later.") from exc


def outbox(session: Session, limit: int = 100) -> list[OutboxMessage]:
    """The console sender's newest messages first (what /admin/outbox shows)."""
    return list(session.scalars(select(OutboxMessage).order_by(OutboxMessage.id.desc()).limit(limit)))
