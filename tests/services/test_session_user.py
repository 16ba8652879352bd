"""The account a session names, as every authenticated request reads it."""
import pytest

from models import User
from services import session_user
from tests import factories


def test_session_user_reads_the_account_without_its_secrets(session):
    user = factories.user(session, role="moderator", district_id=factories.district(session).id)
    loaded = session_user.load(session, user.get_id())
    assert (loaded.id, loaded.role, loaded.district_id, loaded.locale) == (user.id, "moderator", user.district_id,
                                                                            user.locale)
    assert loaded.is_authenticated and loaded.is_verified and loaded.is_staff and loaded.totp_enabled
    assert loaded.get_id() == user.get_id()
    for secret in ("password_hash", "totp_secret"):
        assert not hasattr(loaded, secret)


def test_ended_or_inactive_sessions_load_nobody(session):
    user = factories.user(session)
    old_id = user.get_id()
    user.session_version += 1  # a password or role change
    session.commit()
    assert session_user.load(session, old_id) is None
    assert session_user.load(session, user.get_id()) is not None
    session.get(User, user.id).is_active = False
    session.commit()
    assert session_user.load(session, user.get_id()) is None


@pytest.mark.parametrize("session_id", [
    "", "x:1", "1:", ":1", "-1:1", "99999999999999999999:1", "1:x", "4242:1", "1:1:1", " 1:1",
    "²:1", "1:²", "١:1", "9" * 5000 + ":1", "1:" + "9" * 5000, "1:99999999999"])
def test_malformed_or_unknown_session_ids_load_nobody(session, session_id):
    factories.user(session)
    assert session_user.load(session, session_id) is None
