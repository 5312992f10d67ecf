"""Meeting rules: rhythm per group, deadlines moved by exemptions, timely summons, outcomes."""

from datetime import UTC, date, datetime, time

import pytest

from app.rules import meetings as rules
from app.rules.job_search import Period

pytestmark = pytest.mark.engine_independent  # no SQL: checked by tests/conftest.py

REGISTERED = date(2026, 1, 5)


def deadline(group, counting_from, periods=(), settings=None):
    rhythm = rules.rhythm_for(group, settings)
    return rules.next_deadline(counting_from, REGISTERED, rhythm, group, list(periods))


@pytest.mark.parametrize(
    ("group", "days"),
    [
        ("sygedagpenge", 28),  # category 2: every 4 weeks (the 2006 rules, DOMAIN.md "Meetings")
        ("sygedagpenge_kategori_3", 56),  # every 8 weeks
        ("ledighedsydelse", 91),  # every 3 months
        ("kontanthjaelp_aktivitetsparat", 84),  # kontanthjælp every 12 weeks
        ("dagpenge", 91),  # after the first 6 months: every 3 months
        ("kontanthjaelp_jobparat", 91),
    ],
)
def test_each_group_has_its_interval_after_the_first_months(group, days):
    late_in_case = date(2026, 9, 1)
    assert deadline(group, late_in_case) == date.fromordinal(late_in_case.toordinal() + days)


def test_dagpenge_meet_more_often_in_the_first_six_months():
    assert deadline("dagpenge", REGISTERED) == date(2026, 2, 16)  # 6 weeks
    assert deadline("kontanthjaelp_jobparat", date(2026, 6, 1)) == date(2026, 7, 13)
    assert deadline("dagpenge", date(2026, 7, 6)) == date(2026, 10, 5)  # 26 weeks later: 3 months


def test_groups_without_a_meeting_duty_have_no_deadline():
    assert deadline("selvforsoergelse", REGISTERED) is None
    assert deadline("fleksjob", REGISTERED) is None
    assert deadline("unknown_group", REGISTERED) is None


def test_a_jobcenter_changes_the_rhythm_when_the_law_changes():
    settings = {"meeting_rhythms": {"ledighedsydelse": {"interval_days": "182", "remote": "never"}}}
    assert deadline("ledighedsydelse", date(2026, 9, 1), settings=settings) == date(2027, 3, 2)
    assert rules.rhythm_for("ledighedsydelse", settings).remote == rules.NEVER
    assert rules.rhythm_for("sygedagpenge", settings).interval_days == 28  # others untouched


def test_barsel_moves_the_deadline_by_its_length():
    barsel = Period(date(2026, 9, 10), date(2026, 10, 9), "parental_leave")  # 30 days
    assert deadline("kontanthjaelp_aktivitetsparat", date(2026, 9, 1), [barsel]) == date(2026, 12, 24)


def test_open_barsel_stops_the_clock():
    barsel = Period(date(2026, 9, 10), None, "parental_leave")
    assert deadline("ledighedsydelse", date(2026, 9, 1), [barsel]) is None


def test_sickness_pauses_meetings_except_for_people_on_sygedagpenge():
    sick = Period(date(2026, 9, 5), date(2026, 9, 14), "sickness")  # 10 days
    assert deadline("kontanthjaelp_aktivitetsparat", date(2026, 9, 1), [sick]) == date(2026, 12, 4)
    assert deadline("sygedagpenge", date(2026, 9, 1), [sick]) == date(2026, 9, 29)


def test_other_exemptions_do_not_move_the_deadline():
    other = Period(date(2026, 9, 5), date(2026, 9, 14), "other")
    assert deadline("sygedagpenge", date(2026, 9, 1), [other]) == date(2026, 9, 29)


def test_every_second_meeting_may_be_by_phone_for_sygedagpenge_category_2():
    rhythm = rules.rhythm_for("sygedagpenge")
    assert [rules.may_be_remote(rhythm, held) for held in range(4)] == [False, True, False, True]
    assert rules.may_be_remote(rules.rhythm_for("sygedagpenge_kategori_3"), 0)
    assert not rules.may_be_remote(rules.rhythm_for("kontanthjaelp_aktivitetsparat"), 1)


def utc(*args):
    return datetime(*args, tzinfo=UTC)


MEETING = rules.danish_start(date(2026, 10, 20), time(10, 0))


def test_a_summons_is_on_time_seven_days_before_in_person_and_two_by_phone():
    assert rules.summons_on_time(utc(2026, 10, 13, 12), True, MEETING, rules.IN_PERSON)
    assert not rules.summons_on_time(utc(2026, 10, 14, 8), True, MEETING, rules.IN_PERSON)
    assert rules.summons_on_time(utc(2026, 10, 18, 12), True, MEETING, rules.PHONE)
    assert not rules.summons_on_time(utc(2026, 10, 19, 8), True, MEETING, rules.PHONE)


def test_a_summons_counts_by_the_danish_day_it_was_sent():
    # 22:30 UTC on the 12th is 00:30 on the 13th in Copenhagen (summer time): still 7 days.
    assert rules.summons_on_time(utc(2026, 10, 12, 22, 30), True, MEETING, rules.IN_PERSON)
    assert not rules.summons_on_time(utc(2026, 10, 13, 22, 30), True, MEETING, rules.IN_PERSON)


def test_a_summons_that_never_reached_the_citizen_is_not_on_time():
    assert not rules.summons_on_time(utc(2026, 10, 1), False, MEETING, rules.IN_PERSON)
    assert not rules.summons_on_time(None, True, MEETING, rules.IN_PERSON)


def test_notice_days_are_a_setting():
    settings = rules.MeetingSettings.from_settings({"meetings": {"notice_days_in_person": "14"}})
    assert not rules.summons_on_time(utc(2026, 10, 10), True, MEETING, rules.IN_PERSON, settings)


def facts(
    status, starts_at=MEETING, deadline_on=date(2026, 10, 31), on_time=True, exempt=False, before=False
):
    return rules.MeetingFacts(status, starts_at, deadline_on, on_time, exempt, before)


AFTER = utc(2026, 11, 10)


def test_outcomes_and_only_late_counts_against_the_jobcenter():
    cases = {
        facts(rules.HELD): rules.HELD_ON_TIME,
        facts(rules.HELD, deadline_on=date(2026, 10, 19)): rules.LATE,
        facts(rules.ABSENT): rules.ABSENT_AFTER_TIMELY_SUMMONS,
        facts(rules.ABSENT, on_time=False): rules.LATE,
        facts(rules.CANCELLED_BY_CITIZEN, before=True): rules.CANCELLED_WITH_REASON,
        facts(rules.CANCELLED_BY_JOBCENTER): rules.MOVED_BY_JOBCENTER,
        facts(rules.BOOKED, deadline_on=date(2026, 10, 19)): rules.LATE,
    }
    for meeting, expected in cases.items():
        assert rules.outcome(meeting, AFTER) == expected
        assert rules.counts_against_jobcenter(expected) == (expected == rules.LATE)


def test_a_meeting_during_an_exemption_counts_for_nothing():
    assert rules.outcome(facts(rules.ABSENT, on_time=False, exempt=True), AFTER) == rules.EXEMPT
    barsel = [Period(date(2026, 10, 1), date(2027, 3, 1), "parental_leave")]
    assert rules.in_exemption(MEETING, "dagpenge", barsel)
    assert not rules.in_exemption(MEETING, "dagpenge", [Period(date(2026, 10, 1), None, "other")])


def test_an_upcoming_meeting_is_not_yet_judged():
    assert rules.outcome(facts(rules.BOOKED), utc(2026, 10, 1)) == rules.UPCOMING


def test_i_cannot_come_only_before_the_start():
    assert rules.may_cancel(MEETING, utc(2026, 10, 20, 7, 59))  # 09:59 Danish summer time
    assert not rules.may_cancel(MEETING, utc(2026, 10, 20, 8, 0))


def test_reminders_fall_at_nine_danish_time_on_both_sides_of_the_summer_time_change():
    # Summer time ends on Sunday 25 October 2026 at 03:00.
    monday = rules.danish_start(date(2026, 10, 26), time(10, 0))
    moments = rules.reminder_moments(monday, rules.IN_PERSON)
    assert moments["day_before"] == utc(2026, 10, 25, 8, 0)  # 09:00 CET
    assert moments["soon"] == utc(2026, 10, 26, 7, 0)  # 08:00 CET
    saturday = rules.danish_start(date(2026, 10, 24), time(10, 0))
    assert rules.reminder_moments(saturday, rules.PHONE) == {"day_before": utc(2026, 10, 23, 7, 0)}
    assert rules.danish_start(date(2026, 3, 30), time(9, 0)) == utc(2026, 3, 30, 7, 0)  # CEST


def test_the_booking_form_warns_about_late_short_notice_and_exemption():
    now = utc(2026, 10, 16, 9)
    barsel = [Period(date(2026, 10, 18), None, "parental_leave")]
    warned = rules.booking_warnings(MEETING, rules.IN_PERSON, date(2026, 10, 19), "dagpenge", barsel, now)
    assert warned == rules.BookingWarnings(late=True, short_notice=True, exempt=True)
    fine = rules.booking_warnings(MEETING, rules.PHONE, date(2026, 10, 31), "dagpenge", [], now)
    assert fine == rules.BookingWarnings(late=False, short_notice=False, exempt=False)


def test_a_time_is_typed_with_a_colon_or_a_point():
    assert rules.parse_clock("10:30") == time(10, 30)
    assert rules.parse_clock(" 9.05 ") == time(9, 5)
    assert rules.parse_clock("24:00") is None
    assert rules.parse_clock("ti") is None


GROUP = "kontanthjaelp_aktivitetsparat"  # every 84 days: first deadline 30 March 2026


def missed(meetings=(), periods=(), today=date(2026, 12, 31)):
    rhythm = rules.rhythm_for(GROUP)
    found = rules.missed_deadlines(REGISTERED, list(meetings), rhythm, GROUP, list(periods), today)
    return [(m.counted_from, m.deadline_on) for m in found]


def test_each_interval_without_any_meeting_is_a_missed_deadline():
    assert missed(today=date(2026, 7, 1)) == [
        (REGISTERED, date(2026, 3, 30)),
        (date(2026, 3, 30), date(2026, 6, 22)),
    ]
    assert missed(today=date(2026, 3, 30)) == []  # not passed yet on the day itself


def test_a_meeting_booked_in_time_meets_the_deadline_and_a_held_one_restarts_the_clock():
    held = rules.MeetingDay(date(2026, 3, 2), rules.HELD)
    assert missed([held], today=date(2026, 5, 25)) == []
    # From the held meeting: 84 days to 25 May; nothing booked after it.
    assert missed([held], today=date(2026, 5, 26)) == [(date(2026, 3, 2), date(2026, 5, 25))]
    absent = rules.MeetingDay(date(2026, 3, 2), rules.ABSENT)
    assert missed([absent], today=date(2026, 5, 26)) == []  # the absence is its own row


def test_a_late_meeting_is_not_counted_twice_and_a_jobcenter_cancellation_meets_nothing():
    late = rules.MeetingDay(date(2026, 4, 20), rules.HELD)
    assert missed([late], today=date(2026, 5, 1)) == []
    moved = rules.MeetingDay(date(2026, 3, 2), rules.CANCELLED_BY_JOBCENTER)
    assert missed([moved], today=date(2026, 4, 1)) == [(REGISTERED, date(2026, 3, 30))]


def test_an_exemption_moves_the_missed_deadline_and_an_open_one_stops_the_clock():
    barsel = Period(date(2026, 2, 1), date(2026, 2, 28), "parental_leave")
    assert missed(periods=[barsel], today=date(2026, 5, 1)) == [(REGISTERED, date(2026, 4, 27))]
    assert missed(periods=[Period(date(2026, 2, 1), None, "parental_leave")]) == []
