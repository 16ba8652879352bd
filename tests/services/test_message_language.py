"""Codes and notices reach people in their own language, whoever triggered them."""
import re

from sqlalchemy import select

from models import OutboxMessage
from services import codes
from tests import factories as f


def _last_message(session) -> OutboxMessage:
    return session.scalars(select(OutboxMessage).order_by(OutboxMessage.id.desc())).first()


def test_a_code_is_sent_in_the_recipients_language(session):
    russian = f.user(session)
    russian.locale = "ru"
    kyrgyz = f.user(session)
    kyrgyz.locale = "ky"
    session.flush()

    codes.issue(session, russian, "contact", russian.email, sender="console")
    message = _last_message(session)
    assert message.subject == "Ваш код Ashar"
    assert re.search(r"Ваш код Ashar: \d{6}\. Он действует 10 минут", message.body)

    codes.issue(session, kyrgyz, "contact", kyrgyz.email, sender="console")
    message = _last_message(session)
    assert message.subject == "Сиздин Ashar кодуңуз"
    assert re.search(r"\d{6}", message.body) and "мүнөт" in message.body
