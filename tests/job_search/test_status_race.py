"""Two requests for a citizen who has no job-search status row yet (a double tap on "Confirm"
right after an import) must not end in a 500: the second one uses the row the first made."""

from datetime import date

from sqlalchemy import event, insert

from app.extensions import db
from app.job_search.services import status_of
from app.models import JobSearchStatus
from tests.factories import make_citizen


def test_a_status_row_made_meanwhile_by_another_request_is_used(app):
    citizen = make_citizen(registered_on=date(2026, 11, 2))
    db.session.commit()
    competitor = {"started": None}

    def the_other_request_commits_first(conn, cursor, statement, parameters, context, executemany):
        """Just before our INSERT, another connection inserts and commits the same row."""
        if statement.startswith("INSERT INTO job_search_status") and competitor["started"] is None:
            competitor["started"] = date(2026, 11, 2)
            with db.engine.begin() as other:
                other.execute(
                    insert(JobSearchStatus).values(
                        citizen_id=citizen.id,
                        clock_started_on=competitor["started"],
                        stage="open",
                        reminders_sent=0,
                    )
                )

    event.listen(db.engine, "before_cursor_execute", the_other_request_commits_first)
    try:
        status = status_of(citizen, date(2026, 11, 23))
    finally:
        event.remove(db.engine, "before_cursor_execute", the_other_request_commits_first)
    assert competitor["started"] is not None  # the race did happen
    assert status.citizen_id == citizen.id and status.clock_started_on == competitor["started"]
    db.session.commit()
    assert db.session.query(JobSearchStatus).filter_by(citizen_id=citizen.id).count() == 1
