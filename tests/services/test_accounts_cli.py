"""`ashar create-user`, `ashar import-census`, `ashar verify-audit` through Flask's CLI runner."""
from sqlalchemy import func, select, text

from cli import accounts as commands
from models import AuditEvent, CensusEntry, User
from services import audit
from tests import factories


def test_create_user_prints_totp_secret_for_staff(server, session):
    result = server.test_cli_runner().invoke(commands.create_user, ["--email", "Admin@Example.kg", "--role", "admin"])
    assert result.exit_code == 0, result.output
    assert "TOTP secret" in result.output and "Password:" in result.output
    assert session.scalar(select(User.role).where(User.email == "admin@example.kg")) == "admin"
    again = server.test_cli_runner().invoke(commands.create_user, ["--email", "admin@example.kg", "--role", "admin"])
    assert again.exit_code == 1 and "already exists" in again.output


def test_import_census_reports_and_fails_on_bad_line(server, session, tmp_path):
    factories.district(session, "osh-a")
    session.commit()
    good = tmp_path / "roll.csv"
    good.write_text("personal_number,birth_date,district_code\n21234567890123,1990-05-31,osh-a\n")
    result = server.test_cli_runner().invoke(commands.import_census, [str(good)])
    assert result.exit_code == 0 and "1 added, 0 already present" in result.output
    bad = tmp_path / "bad.csv"
    bad.write_text("personal_number,birth_date,district_code\n21234567890124,1990-05-31,osh-a\nxx,1,osh-a\n")
    result = server.test_cli_runner().invoke(commands.import_census, [str(bad)])
    assert result.exit_code == 1 and "Line 3" in result.output
    assert session.scalar(select(func.count(CensusEntry.id))) == 1


def test_verify_audit_names_the_edited_event(server, session):
    for n in range(3):
        audit.record(session, "test.event", None, f"t:{n}", n=n)
    session.commit()
    ok = server.test_cli_runner().invoke(commands.verify_audit)
    assert ok.exit_code == 0 and "3 events, chain intact" in ok.output
    second = session.scalars(select(AuditEvent.id).order_by(AuditEvent.id)).all()[1]
    session.execute(text("UPDATE audit_events SET detail = :d WHERE id = :i"), {"d": '{"n": 99}', "i": second})
    session.commit()
    broken = server.test_cli_runner().invoke(commands.verify_audit)
    assert broken.exit_code == 1 and f"event {second}" in broken.output
