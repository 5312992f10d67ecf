"""The messages of meetings: the summons, a move, a cancellation, the reminder, the receipt of
"I cannot come", and the notice when a helper said it for the citizen.

Declared once here (app/notifications/purposes.py says how); plug_in declares them. The summons
and the notices of a move or cancellation are caused by staff (they keep the quiet hours); a
letter is worth printing for them (the print queue serves citizens without phone or e-mail), not
for the reminder, which would arrive after the meeting."""

from flask_babel import lazy_gettext as _l

from app.notifications.purposes import Purpose
from app.notifications.texts import MessageText, helper_notice

MEETING_SUMMONS = Purpose(
    "meeting_summons",
    label=_l("Notice: a meeting with the jobcenter"),
    text=MessageText(
        sms=_l("Borgerportal: you have a meeting with the jobcenter on %(date)s at %(clock)s. See: %(link)s"),
        subject=_l("You have a meeting with the jobcenter on %(date)s"),
        email=_l(
            "You have a meeting with the jobcenter on %(date)s at %(clock)s.\n\n"
            "See where, with whom and what to bring here: %(link)s\n\n"
            "If you cannot come, tell us on the page before the meeting, or call the jobcenter on %(phone)s."
        ),
    ),
    caused_by_others=True,
)

MEETING_MOVED = Purpose(
    "meeting_moved",
    label=_l("Notice: a meeting was moved"),
    text=MessageText(
        sms=_l(
            "Borgerportal: your meeting with the jobcenter is moved to %(date)s at %(clock)s. See: %(link)s"
        ),
        subject=_l("Your meeting with the jobcenter is moved"),
        email=_l(
            "Your meeting with the jobcenter is moved to %(date)s at %(clock)s.\n\n"
            "See the meeting here: %(link)s\n\n"
            "If you cannot come, tell us on the page before the meeting, or call the jobcenter on %(phone)s."
        ),
    ),
    caused_by_others=True,
)

MEETING_CANCELLED = Purpose(
    "meeting_cancelled",
    label=_l("Notice: a meeting was cancelled"),
    text=MessageText(
        sms=_l("Borgerportal: your meeting with the jobcenter on %(date)s is cancelled. See: %(link)s"),
        subject=_l("Your meeting with the jobcenter is cancelled"),
        email=_l(
            "Your meeting with the jobcenter on %(date)s at %(clock)s is cancelled. "
            "You do not need to come.\n\n"
            "See it here: %(link)s. Questions? Call the jobcenter on %(phone)s."
        ),
    ),
    caused_by_others=True,
)

MEETING_REMINDER = Purpose(
    "meeting_reminder",
    label=_l("Reminder: a meeting with the jobcenter"),
    text=MessageText(
        sms=_l(
            "Borgerportal: remember your meeting with the jobcenter on %(date)s at %(clock)s. See: %(link)s"
        ),
        subject=_l("Remember your meeting with the jobcenter on %(date)s"),
        email=_l(
            "Remember your meeting with the jobcenter on %(date)s at %(clock)s.\n\n"
            "See the meeting here: %(link)s\n\n"
            "If you cannot come, tell us on the page before the meeting, or call the jobcenter on %(phone)s."
        ),
    ),
    reminder=True,
    by_letter=False,  # a letter would arrive after the meeting
)

MEETING_CANNOT_COME_RECEIPT = Purpose(
    "meeting_cannot_come_receipt",
    label=_l("Receipt: cannot come to a meeting"),
    text=MessageText(
        sms=_l("Borgerportal: we have your message that you cannot come on %(date)s. See: %(link)s"),
        subject=_l("We have your message that you cannot come"),
        email=_l(
            "We have your message that you cannot come to the meeting on %(date)s at %(clock)s. "
            "The jobcenter will contact you about a new time.\n\n"
            "See your receipt here: %(link)s"
        ),
    ),
    someone_waits=True,
    by_letter=False,  # the receipt is on the meeting page at once
)

HELPER_SAID_CANNOT_COME = Purpose(
    "helper_said_cannot_come",
    label=_l("Notice: a helper said you cannot come to a meeting"),
    text=helper_notice(
        _l("Borgerportal: your helper %(helper)s has said you cannot come to a meeting. See: %(link)s"),
        _l("Your helper %(helper)s has told the jobcenter that you cannot come to a meeting."),
        _l(
            "Borgerportal: your helper with the phone number ending in %(digits)s "
            "has said you cannot come to a meeting. See: %(link)s"
        ),
        _l(
            "Your helper with the phone number ending in %(digits)s has told the jobcenter "
            "that you cannot come to a meeting."
        ),
    ),
    caused_by_others=True,
    after_helper_action="meeting.cannot_come",
)

PURPOSES = (
    MEETING_SUMMONS,
    MEETING_MOVED,
    MEETING_CANCELLED,
    MEETING_REMINDER,
    MEETING_CANNOT_COME_RECEIPT,
    HELPER_SAID_CANNOT_COME,
)
