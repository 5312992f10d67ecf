"""Plain-language names for meeting kinds, forms, statuses, outcomes and reasons."""

from flask_babel import lazy_gettext as _l

KIND = {
    "jobsamtale": _l("Job interview meeting (jobsamtale)"),
    "opfoelgningssamtale": _l("Follow-up meeting"),
    "raadighedssamtale": _l("Meeting about your availability for work"),
    "sygeopfoelgning": _l("Sickness follow-up meeting"),
}
FORM = {
    "in_person": _l("At the jobcenter"),
    "phone": _l("By phone"),
    "video": _l("By video"),
}
STATUS = {
    "booked": _l("Booked"),
    "held": _l("Held"),
    "absent": _l("Did not come"),
    "cancelled_by_citizen": _l("Cancelled by the citizen, with a reason"),
    "cancelled_by_jobcenter": _l("Cancelled by the jobcenter"),
}
OUTCOME = {
    "held_on_time": _l("Held on time"),
    "absent_after_timely_summons": _l("Summoned on time, the citizen did not come"),
    "cancelled_with_reason": _l("Cancelled by the citizen with a reason before the meeting"),
    "moved_by_jobcenter": _l("Moved by the jobcenter"),
    "late": _l("Late"),
    "exempt": _l("During an exemption: does not count"),
    "upcoming": _l("Not held yet"),
}
REASON = {
    "sick": _l("I am sick"),
    "job": _l("I have a job interview or work"),
    "sick_child": _l("My child is sick"),
    "other": _l("Something else"),
}
WISH = {
    "": _l("No wish"),
    "another_day": _l("Another day"),
    "by_phone": _l("By phone instead"),
}
