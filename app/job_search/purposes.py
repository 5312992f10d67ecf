"""The messages of confirming job search: reminders, receipts, answers to SMS, decisions.

Declared once here (app/notifications/purposes.py says how); plug_in declares them."""

from flask_babel import lazy_gettext as _l

from app.notifications.purposes import Purpose
from app.notifications.texts import MessageText, helper_notice

JOB_SEARCH_HEADS_UP = Purpose(
    "job_search_heads_up",
    label=_l("Reminder: confirm the job search"),
    text=MessageText(
        sms=_l("Borgerportal: confirm your job search by %(date)s. Tap here: %(link)s"),
        subject=_l("Confirm your job search by %(date)s"),
        email=_l(
            "Remember to confirm that you are looking for work by %(date)s.\n\n"
            "Confirm with one tap here: %(link)s\n\n"
            "Or log in at %(url)s. Questions? Call the jobcenter on %(phone)s."
        ),
    ),
    reminder=True,
    by_letter=False,  # it would arrive after the deadline
)

JOB_SEARCH_DUE = Purpose(
    "job_search_due",
    label=_l("Reminder: last day to confirm the job search"),
    text=MessageText(
        sms=_l("Borgerportal: confirm your job search today, %(date)s. Tap here: %(link)s"),
        subject=_l("Confirm your job search today"),
        email=_l(
            "Today, %(date)s, is the last day to confirm that you are looking for work.\n\n"
            "Confirm with one tap here: %(link)s\n\n"
            "Or log in at %(url)s. Questions? Call the jobcenter on %(phone)s."
        ),
    ),
    reminder=True,
    by_letter=False,  # it would arrive after the deadline
)

JOB_SEARCH_MISSED = Purpose(
    "job_search_missed",
    label=_l("Notice: not confirmed in time"),
    text=MessageText(
        sms=_l("Borgerportal: you did not confirm your job search in time. Do it by %(date)s: %(link)s"),
        subject=_l("You did not confirm your job search in time"),
        email=_l(
            "You did not confirm your job search in time. You have until %(date)s to do it.\n\n"
            "Confirm with one tap here: %(link)s\n\n"
            "Is something stopping you, for example sickness? Call the jobcenter on %(phone)s."
        ),
    ),
    reminder=True,
)

JOB_SEARCH_FOLLOW_UP = Purpose(
    "job_search_follow_up",
    label=_l("Notice: contact the jobcenter about the job search"),
    text=MessageText(
        sms=_l("Borgerportal: you have not confirmed your job search. Log in at %(url)s or call %(phone)s."),
        subject=_l("Contact the jobcenter about your job search"),
        email=_l(
            "You have not confirmed your job search, and the extra time has run out.\n\n"
            "A caseworker will look at your case. This can affect your benefits. "
            "Log in at %(url)s and confirm now, or call the jobcenter on %(phone)s. "
            "Tell us if something stopped you, for example sickness."
        ),
    ),
    reminder=True,
)

JOB_SEARCH_RECEIPT = Purpose(
    "job_search_receipt",
    label=_l("Receipt for the job search"),
    text=MessageText(
        sms=_l(
            "Borgerportal: you confirmed your job search %(time)s. Receipt %(reference)s. "
            "Next time: by %(date)s (you can confirm from %(start)s)."
        ),
        subject=_l("Receipt: your job search is confirmed"),
        email=_l(
            "You confirmed your job search %(time)s. Receipt %(reference)s. "
            "Next time: by %(date)s. You can confirm from %(start)s."
        ),
    ),
    someone_waits=True,
)

SMS_HELP = Purpose(
    "sms_help",
    label=_l("Help to answer by SMS"),
    text=MessageText(
        sms=_l("Borgerportal: reply %(yes)s to confirm your job search. Questions? Call %(phone)s."),
        subject=_l("How to answer Borgerportal by SMS"),
        email=_l("Reply %(yes)s to confirm your job search. Questions? Call %(phone)s."),
    ),
    someone_waits=True,
)

SMS_NO_DUTY = Purpose(
    "sms_no_duty",
    label=_l("Answer: nothing to confirm now"),
    text=MessageText(
        sms=_l("Borgerportal: you do not need to confirm your job search now. Questions? Call %(phone)s."),
        subject=_l("You do not need to confirm your job search now"),
        email=_l("You do not need to confirm your job search now. Questions? Call %(phone)s."),
    ),
    someone_waits=True,
)

SMS_STOPPED = Purpose(
    "sms_stopped",
    label=_l("Answer: no more SMS"),
    text=MessageText(
        sms=_l("Borgerportal: you will get no more SMS from us. Reply START to get SMS again."),
        subject=_l("You get no more SMS from Borgerportal"),
        email=_l("You will get no more SMS from Borgerportal. Reply START to get SMS again."),
    ),
    someone_waits=True,
)

SMS_STARTED = Purpose(
    "sms_started",
    label=_l("Answer: SMS again"),
    text=MessageText(
        sms=_l("Borgerportal: you will get SMS from us again. Reply STOP to stop them."),
        subject=_l("You get SMS from Borgerportal again"),
        email=_l("You will get SMS from Borgerportal again. Reply STOP to stop them."),
    ),
    someone_waits=True,
)

# Answers to a number several citizens share: "you" would be a guess, so they name no one.
SMS_STOPPED_SHARED = Purpose(
    "sms_stopped_shared",
    label=_l("Answer: no more SMS to this phone number"),
    text=MessageText(
        sms=_l(
            "Borgerportal: this phone number gets no more SMS from us, for everyone who uses it. "
            "Reply START to get SMS again."
        ),
        subject=_l("This phone number gets no more SMS from Borgerportal"),
        email=_l(
            "This phone number gets no more SMS from Borgerportal, for everyone who uses it. "
            "Reply START to get SMS again."
        ),
    ),
    someone_waits=True,
)

SMS_STARTED_SHARED = Purpose(
    "sms_started_shared",
    label=_l("Answer: SMS again to this phone number"),
    text=MessageText(
        sms=_l(
            "Borgerportal: this phone number gets SMS from us again, for everyone who uses it. "
            "Reply STOP to stop them."
        ),
        subject=_l("This phone number gets SMS from Borgerportal again"),
        email=_l(
            "This phone number gets SMS from Borgerportal again, for everyone who uses it. "
            "Reply STOP to stop them."
        ),
    ),
    someone_waits=True,
)

SMS_SHARED_NUMBER = Purpose(
    "sms_shared_number",
    label=_l("Answer: the phone number is shared, log in instead"),
    text=MessageText(
        sms=_l(
            "Borgerportal: more than one person uses this phone number, so we cannot tell who answered. "
            "Log in at %(url)s instead."
        ),
        subject=_l("We could not use your SMS answer"),
        email=_l(
            "More than one person uses this phone number, so we cannot tell who answered. "
            "Log in at %(url)s instead."
        ),
    ),
    someone_waits=True,
)

FOLLOW_UP_DECISION = Purpose(
    "follow_up_decision",
    label=_l("Notice: a decision about the job search"),
    text=MessageText(
        sms=_l(
            "Borgerportal: the jobcenter has decided about your job search. "
            "Read it at %(url)s or call %(phone)s."
        ),
        subject=_l("The jobcenter has decided about your job search"),
        email=_l(
            "The jobcenter has made a decision about your confirmation of job search.\n\n"
            "Log in at %(url)s to read it. If you disagree or need help, call the jobcenter on %(phone)s."
        ),
    ),
    caused_by_others=True,
)

HELPER_CONFIRMED_JOB_SEARCH = Purpose(
    "helper_confirmed_job_search",
    label=_l("Notice: a helper confirmed the job search"),
    text=helper_notice(
        _l("Borgerportal: your helper %(helper)s has confirmed your job search. See it here: %(link)s"),
        _l("Your helper %(helper)s has confirmed your job search."),
        _l(
            "Borgerportal: your helper with the phone number ending in %(digits)s "
            "has confirmed your job search. See it here: %(link)s"
        ),
        _l("Your helper with the phone number ending in %(digits)s has confirmed your job search."),
    ),
    caused_by_others=True,
    after_helper_action="job_search.confirmed",
)

# The reminders of a period (the sweep queues them; a confirmation cancels those not yet sent).
REMINDERS = (JOB_SEARCH_HEADS_UP, JOB_SEARCH_DUE, JOB_SEARCH_MISSED, JOB_SEARCH_FOLLOW_UP)

PURPOSES = (
    JOB_SEARCH_HEADS_UP,
    JOB_SEARCH_DUE,
    JOB_SEARCH_MISSED,
    JOB_SEARCH_FOLLOW_UP,
    JOB_SEARCH_RECEIPT,
    SMS_HELP,
    SMS_NO_DUTY,
    SMS_STOPPED,
    SMS_STARTED,
    SMS_STOPPED_SHARED,
    SMS_STARTED_SHARED,
    SMS_SHARED_NUMBER,
    FOLLOW_UP_DECISION,
    HELPER_CONFIRMED_JOB_SEARCH,
)
