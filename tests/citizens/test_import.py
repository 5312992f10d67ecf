"""`flask citizens import FILE.csv`: validate every row, report precisely, all or nothing."""

import pytest

from app.extensions import db
from app.models import AuditEvent, Citizen
from tests.factories import make_citizen, make_jobcenter

HEADER = "cpr,name,phone,email,language,target_group,jobcenter,address\n"
GOOD_ROWS = (
    "010190-1234,Mette Hansen,20 12 34 01,mette@example.dk,da,dagpenge,kbh,Vej 1\n"
    "0202851234,Ahmad Al-Sayed,+4520123402,,ar,kontanthjaelp_jobparat,kbh,\n"
    "030395-1234,Karen Møller,,,da,kontanthjaelp_aktivitetsparat,kbh,Islevbrovej 10\n"
)


def write(tmp_path, text: str, name="citizens.csv"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def citizens():
    return {c.cpr: c for c in db.session.scalars(db.select(Citizen))}


def test_a_good_file_imports_every_row_with_normalised_contact_details(app, cli, tmp_path):
    make_jobcenter("kbh")
    result = cli.invoke(args=["citizens", "import", write(tmp_path, HEADER + GOOD_ROWS)])
    assert result.exit_code == 0, result.output
    assert "Imported: 3 new, 0 updated, 0 skipped." in result.output
    imported = citizens()
    assert imported["0101901234"].phone == "+4520123401"
    assert imported["0101901234"].phone_verified_at is not None
    assert imported["0202851234"].language == "ar"
    assert imported["0202851234"].preferred_channel == "sms"
    assert imported["0303951234"].preferred_channel == "letter"
    assert imported["0303951234"].address == "Islevbrovej 10"
    assert db.session.scalar(db.select(db.func.count(AuditEvent.id))) == 3


def test_bad_rows_are_reported_with_line_and_reason_and_nothing_is_imported(app, cli, tmp_path):
    make_jobcenter("kbh")
    bad = (
        "320190-1234,Bad Date,,,da,dagpenge,kbh,\n"
        "0404921234,Bad Phone,123,,da,dagpenge,kbh,\n"
        "0505881234,Bad Mail,,not-an-email,da,dagpenge,kbh,\n"
        "0606701234,Bad Language,,,fr,dagpenge,kbh,\n"
        "0707801234,Bad Group,,,da,pension,kbh,\n"
        "0808001234,Bad Centre,,,da,dagpenge,aarhus,\n"
        "0909751234,,,,da,dagpenge,kbh,\n"
        "010190-1234,Twice,,,da,dagpenge,kbh,\n"
    )
    result = cli.invoke(args=["citizens", "import", write(tmp_path, HEADER + GOOD_ROWS + bad)])
    assert result.exit_code != 0
    for expected in [
        "citizens.csv:line 5: cpr: not a CPR number",
        "line 6: phone: '123' is not a valid phone number",
        "line 7: email: 'not-an-email' is not an e-mail address",
        "line 8: language: 'fr' is not one of da, en, ar, uk",
        "line 9: target_group: unknown target group 'pension'",
        "line 10: jobcenter: unknown jobcenter 'aarhus'",
        "line 11: name: missing",
        "line 12: CPR number also on line 2",
        "8 bad row(s); nothing was imported",
    ]:
        assert expected in result.output
    assert citizens() == {}
    assert db.session.scalar(db.select(db.func.count(AuditEvent.id))) == 0


def test_skip_invalid_imports_the_good_rows_only(app, cli, tmp_path):
    make_jobcenter("kbh")
    text = HEADER + GOOD_ROWS + "0404921234,Bad Phone,123,,da,dagpenge,kbh,\n"
    result = cli.invoke(args=["citizens", "import", "--skip-invalid", write(tmp_path, text)])
    assert result.exit_code == 0, result.output
    assert "line 5: phone" in result.output
    assert "Imported: 3 new, 0 updated, 1 skipped." in result.output
    assert set(citizens()) == {"0101901234", "0202851234", "0303951234"}


def test_reimport_updates_by_cpr_and_keeps_verification_of_unchanged_details(app, cli, tmp_path):
    make_jobcenter("kbh")
    cli.invoke(args=["citizens", "import", write(tmp_path, HEADER + GOOD_ROWS)])
    before = citizens()["0101901234"].phone_verified_at
    changed = HEADER + "010190-1234,Mette Hansen-Berg,20 12 34 01,,en,dagpenge,kbh,Ny vej 2\n"
    result = cli.invoke(args=["citizens", "import", write(tmp_path, changed, "again.csv")])
    assert "Imported: 0 new, 1 updated, 0 skipped." in result.output
    mette = citizens()["0101901234"]
    assert (mette.name, mette.language) == ("Mette Hansen-Berg", "en")
    assert (mette.email, mette.address) == (None, "Ny vej 2")
    assert mette.phone_verified_at == before
    assert mette.email_verified_at is None
    assert len(citizens()) == 3


def test_address_column_is_optional(app, cli, tmp_path):
    make_jobcenter("kbh")
    text = "cpr,name,phone,email,language,target_group,jobcenter\n0101901234,A,,,da,dagpenge,kbh\n"
    assert cli.invoke(args=["citizens", "import", write(tmp_path, text)]).exit_code == 0
    assert citizens()["0101901234"].address == ""


def test_a_wrong_header_is_explained(app, cli, tmp_path):
    result = cli.invoke(args=["citizens", "import", write(tmp_path, "cpr;name\n0101901234;A\n")])
    assert result.exit_code != 0
    assert "header must be cpr,name,phone,email,language,target_group,jobcenter[,address]" in result.output


def test_a_file_that_is_not_utf8_is_explained(app, cli, tmp_path):
    path = tmp_path / "latin1.csv"
    path.write_bytes((HEADER + "0101901234,Søren,,,da,dagpenge,kbh,\n").encode("latin-1"))
    result = cli.invoke(args=["citizens", "import", str(path)])
    assert result.exit_code != 0
    assert "not UTF-8" in result.output
    assert citizens() == {}


def test_a_row_with_too_many_fields_is_reported(app, cli, tmp_path):
    make_jobcenter("kbh")
    text = HEADER + "0101901234,A,,,da,dagpenge,kbh,Vej 1,extra\n"
    result = cli.invoke(args=["citizens", "import", write(tmp_path, text)])
    assert "line 2: too many fields" in result.output
    assert citizens() == {}


def test_a_name_too_long_for_the_database_is_a_line_error_that_quotes_nothing(app, cli, tmp_path):
    """On PostgreSQL a 201-character name aborted the import with a traceback that printed the
    row's CPR number and name; SQLite stored it. Now it is a line error like any other."""
    make_jobcenter("kbh")
    long_name = "Mette " + "Hansen" * 40
    text = HEADER + GOOD_ROWS + f"0404921234,{long_name},,,da,dagpenge,kbh,\n"
    result = cli.invoke(args=["citizens", "import", write(tmp_path, text)])
    assert result.exit_code == 1
    assert "line 5: name: longer than 200 characters" in result.output
    assert "Traceback" not in result.output and isinstance(result.exception, SystemExit)
    for private in ("0404921234", "040492", "Hansen" * 5):
        assert private not in result.output
    assert citizens() == {}


@pytest.mark.parametrize(
    ("column", "value", "limit"),
    [
        ("cpr", "0" * 21, 20),
        ("name", "x" * 201, 200),
        ("phone", "2" * 41, 40),
        ("email", "a" * 250 + "@x.dk", 254),
        ("language", "da" * 3, 5),
        ("target_group", "g" * 41, 40),
        ("jobcenter", "j" * 41, 40),
        ("address", "Vej " * 126, 500),
    ],
)
def test_every_field_has_a_length_limit(app, cli, tmp_path, column, value, limit):
    make_jobcenter("kbh")
    row = dict(
        zip(
            HEADER.strip().split(","),
            ["0404921234", "Ny Borger", "", "", "da", "dagpenge", "kbh", ""],
            strict=True,
        )
    )
    row[column] = value
    result = cli.invoke(args=["citizens", "import", write(tmp_path, HEADER + ",".join(row.values()) + "\n")])
    assert f"line 2: {column}: longer than {limit} characters" in result.output
    assert value not in result.output
    assert citizens() == {}


def test_a_line_break_inside_a_field_is_refused(app, cli, tmp_path):
    make_jobcenter("kbh")
    text = HEADER + '0404921234,"Ny\nBorgerportal: ring 70 00 00 00",,,da,dagpenge,kbh,\n'
    result = cli.invoke(args=["citizens", "import", write(tmp_path, text)])
    assert "line 2: name: contains a control character" in result.output
    assert citizens() == {}


def test_a_phone_number_shared_by_citizens_is_imported_with_a_warning(app, cli, tmp_path):
    jobcenter = make_jobcenter("kbh")
    make_citizen(jobcenter, cpr="0909091234", phone="+4520123403")
    db.session.commit()
    shared = (
        "0404921234,Anna Berg,20 12 34 01,,da,dagpenge,kbh,\n"  # Mette's number (line 2)
        "0505921234,Bo Berg,+4520123403,,da,dagpenge,kbh,\n"  # a citizen already registered
    )
    result = cli.invoke(args=["citizens", "import", write(tmp_path, HEADER + GOOD_ROWS + shared)])
    assert result.exit_code == 0, result.output
    assert "Imported: 5 new, 0 updated, 0 skipped." in result.output
    assert "line 2: phone: the same number as line 5 (shared phone)" in result.output
    assert "line 5: phone: the same number as line 2 (shared phone)" in result.output
    assert "line 6: phone: the same number as a citizen already registered (shared phone)" in result.output
    assert "STOP reply from it stops SMS for everyone with it" in result.output
    assert "line 3: phone" not in result.output  # Ahmad's number is his alone
    assert "20123401" not in result.output and "Anna" not in result.output


def test_reimporting_a_citizen_does_not_count_as_sharing_with_themselves(app, cli, tmp_path):
    make_jobcenter("kbh")
    cli.invoke(args=["citizens", "import", write(tmp_path, HEADER + GOOD_ROWS)])
    result = cli.invoke(args=["citizens", "import", write(tmp_path, HEADER + GOOD_ROWS, "again.csv")])
    assert "shared phone" not in result.output
