"""/admin/implementation through its callback: photos are checked by their bytes, updates go public."""
import base64

import pytest

from components import admin_implementation as page
from models import ImplementationUpdate
from services.implementation import upload_dir
from tests import factories as f
from tests.helpers import login

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


def publish(client, project_id, photo=None, status="in_progress", progress=50, note="Benches installed."):
    return client.callback([(page.IMPL_MESSAGE, "children"), (page.IMPL_LIST, "children")],
                           [(page.IMPL_SAVE, "n_clicks", 1)],
                           [(page.IMPL_PROJECT, "value", str(project_id)), (page.IMPL_STATUS, "value", status),
                            (page.IMPL_PROGRESS, "value", progress), (page.IMPL_LANGUAGE, "value", "en"),
                            (page.IMPL_NOTE, "value", note), (page.IMPL_PHOTO, "contents", photo)])


@pytest.fixture
def funded(client, session, server):
    budget = f.budget(session, phase="implementation")
    project = f.project(session, budget, f.envelope(session, budget))
    moderator = f.user(session, role="moderator")
    session.commit()
    login(client, moderator)
    yield project
    folder = upload_dir(server.instance_path)
    for update in session.query(ImplementationUpdate).filter(ImplementationUpdate.photo_path.isnot(None)):
        (folder / update.photo_path).unlink(missing_ok=True)


def test_update_with_a_photo_is_published(client, session, funded):
    assert "Implementation" in client.page("/admin/implementation").get_data(as_text=True)
    photo = "data:image/png;base64," + base64.b64encode(PNG).decode()
    assert "Update published" in publish(client, funded.id, photo).get_data(as_text=True)
    update = session.query(ImplementationUpdate).one()
    assert client.get(f"/api/v1/photos/{update.photo_path}").data == PNG
    session.refresh(funded)
    assert (funded.implementation_status, funded.progress) == ("in_progress", 50)


@pytest.mark.parametrize("photo, message", [
    ("data:image/png;base64," + base64.b64encode(b"<svg onload=alert(1)>").decode(), "JPEG, PNG or WebP"),
    ("data:image/png;base64,!!!notbase64", "JPEG, PNG or WebP"),
    ("data:image/png;base64," + "A" * (3 * 1024 * 1024), "larger than 2 MB"),
    (["not", "a", "string"], "JPEG, PNG or WebP"),
])
def test_bad_photos_are_refused_and_nothing_saved(client, session, funded, photo, message):
    assert message in publish(client, funded.id, photo).get_data(as_text=True)
    assert session.query(ImplementationUpdate).count() == 0


def test_residents_cannot_publish_updates(client, session, funded):
    login(client, f.user(session))
    session.commit()
    assert publish(client, funded.id).status_code == 403


def test_a_hidden_project_s_photo_is_not_served_to_the_public(client, session, server, funded):
    photo = "data:image/png;base64," + base64.b64encode(PNG).decode()
    publish(client, funded.id, photo)
    path = f"/api/v1/photos/{session.query(ImplementationUpdate).one().photo_path}"
    visitor = server.test_client()
    assert visitor.get(path).data == PNG
    funded.hidden_reason = "Personal data in the photo"
    session.commit()
    assert visitor.get(path).status_code == 404, "moderation took it down"
    assert client.get(path).data == PNG, "the moderator still sees what they are reviewing"
