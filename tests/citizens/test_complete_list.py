"""`flask citizens import --complete-list-for JOBCENTER`: the file lists every citizen of that
jobcenter, so the open cases missing from it have left and are closed (audited, counted); a dry
run counts first; a file that would close more than 20 % is refused without --force; a citizen
who is in a file again is reopened."""

from datetime import date

from sqlalchemy import select

from app.extensions import db
from app.models import AuditEvent, Citizen
from tests.factories import make_citizen, make_jobcenter

HEADER = "cpr,name,phone,email,language,target_group,jobcenter,address\n"
NEWCOMER = "0404921234,Ny Borger,,,da,dagpenge,kbh,\n"


def write(tmp_path, rows: list[Citizen], extra: str = "", name: str = "all.csv") -> str:
    lines = "".join(f"{c.cpr},{c.name},,,da,dagpenge,kbh,\n" for c in rows)
    path = tmp_path / name
    path.write_text(HEADER + lines + extra, encoding="utf-8")
    return str(path)


def ten_citizens_of_kbh():
    kbh, other = make_jobcenter("kbh"), make_jobcenter("aarhus")
    citizens = [make_citizen(kbh) for _ in range(10)]
    elsewhere = make_citizen(other)
    long_gone = make_citizen(kbh, closed_on=date(2025, 3, 1))
    db.session.commit()
    return citizens, elsewhere, long_gone


def closed_ids() -> set[int]:
    return set(db.session.scalars(select(Citizen.id).where(Citizen.closed_on.is_not(None))))


def import_events(action: str) -> list[AuditEvent]:
    query = select(AuditEvent).where(AuditEvent.action == action, AuditEvent.actor_label == "CSV import")
    return list(db.session.scalars(query))


def test_the_open_cases_missing_from_a_complete_list_are_closed_and_audited(app, cli, tmp_path):
    citizens, elsewhere, long_gone = ten_citizens_of_kbh()
    leaver = citizens[3]
    staying = [c for c in citizens if c is not leaver]
    result = cli.invoke(
        args=["citizens", "import", "--complete-list-for", "kbh", write(tmp_path, staying, NEWCOMER)]
    )
    assert result.exit_code == 0, result.output
    assert "Imported: 1 new, 9 updated, 0 skipped, 1 of 10 open cases of kbh closed." in result.output
    db.session.expire_all()
    assert closed_ids() == {leaver.id, long_gone.id}  # not the citizen of another jobcenter
    assert db.session.get(Citizen, leaver.id).closed_on == date.today()
    assert db.session.get(Citizen, long_gone.id).closed_on == date(2025, 3, 1)  # kept its own day
    [event] = import_events("case.closed")
    assert (event.citizen_id, event.actor_type, event.details) == (
        leaver.id,
        "system",
        {"reason": "missing from the complete list"},
    )
    assert leaver.cpr not in result.output and leaver.name not in result.output


def test_without_the_flag_nobody_is_closed(app, cli, tmp_path):
    citizens, _, long_gone = ten_citizens_of_kbh()
    result = cli.invoke(args=["citizens", "import", write(tmp_path, citizens[:2])])
    assert result.exit_code == 0, result.output
    assert closed_ids() == {long_gone.id}


def test_a_dry_run_shows_the_counts_and_changes_nothing(app, cli, tmp_path):
    citizens, _, long_gone = ten_citizens_of_kbh()
    events_before = db.session.scalar(select(db.func.count(AuditEvent.id)))
    path = write(tmp_path, citizens[:8] + [long_gone], NEWCOMER)
    result = cli.invoke(args=["citizens", "import", "--complete-list-for", "kbh", "--dry-run", path])
    assert result.exit_code == 0, result.output
    assert (
        "Would import: 1 new, 9 updated, 0 skipped, 1 reopened, 2 of 10 open cases of kbh to close."
        in result.output
    )
    assert "Dry run: nothing was changed." in result.output
    db.session.expire_all()
    assert closed_ids() == {long_gone.id}
    assert db.session.scalar(select(db.func.count(AuditEvent.id))) == events_before
    assert db.session.scalar(select(Citizen).where(Citizen.cpr == "0404921234")) is None


def test_a_file_that_would_close_more_than_a_fifth_is_refused_unless_forced(app, cli, tmp_path):
    citizens, _, long_gone = ten_citizens_of_kbh()
    truncated = write(tmp_path, citizens[:7], NEWCOMER)  # 3 of 10 missing: 30 %
    result = cli.invoke(args=["citizens", "import", "--complete-list-for", "kbh", truncated])
    assert result.exit_code == 1
    assert "the file would close 3 of 10 open cases, more than 20%" in result.output
    assert "Nothing was imported." in result.output
    db.session.expire_all()
    assert closed_ids() == {long_gone.id}
    assert db.session.scalar(select(Citizen).where(Citizen.cpr == "0404921234")) is None
    forced = cli.invoke(args=["citizens", "import", "--complete-list-for", "kbh", "--force", truncated])
    assert forced.exit_code == 0, forced.output
    assert "3 of 10 open cases of kbh closed." in forced.output
    db.session.expire_all()
    assert closed_ids() == {c.id for c in citizens[7:]} | {long_gone.id}
    assert len(import_events("case.closed")) == 3


def test_a_complete_list_with_a_bad_row_closes_nobody_even_with_skip_invalid(app, cli, tmp_path):
    citizens, _, long_gone = ten_citizens_of_kbh()
    bad = f"{citizens[9].cpr},{citizens[9].name},123,,da,dagpenge,kbh,\n"  # on the list, bad phone
    path = write(tmp_path, citizens[:9], bad)
    args = ["citizens", "import", "--complete-list-for", "kbh", "--skip-invalid", path]
    result = cli.invoke(args=args)
    assert result.exit_code == 1
    assert "line 11: phone" in result.output
    assert "a complete list must have no bad rows" in result.output
    db.session.expire_all()
    assert closed_ids() == {long_gone.id}


def test_a_citizen_back_in_a_file_is_reopened_and_audited(app, cli, tmp_path):
    _, _, long_gone = ten_citizens_of_kbh()
    result = cli.invoke(args=["citizens", "import", write(tmp_path, [long_gone])])
    assert result.exit_code == 0, result.output
    assert "Imported: 0 new, 1 updated, 0 skipped, 1 reopened." in result.output
    db.session.expire_all()
    assert db.session.get(Citizen, long_gone.id).closed_on is None
    assert [e.citizen_id for e in import_events("case.reopened")] == [long_gone.id]


def test_an_unknown_jobcenter_for_the_complete_list_is_explained(app, cli, tmp_path):
    citizens, _, long_gone = ten_citizens_of_kbh()
    result = cli.invoke(args=["citizens", "import", "--complete-list-for", "kbh2", write(tmp_path, citizens)])
    assert result.exit_code == 1
    assert "unknown jobcenter 'kbh2' for the complete list" in result.output
    assert closed_ids() == {long_gone.id}
