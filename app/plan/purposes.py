"""The messages of Min Plan: a new version, an answered comment, the reminder, helpers' notices.

Declared once here (app/notifications/purposes.py says how); plug_in declares them."""

from flask_babel import lazy_gettext as _l

from app.notifications.purposes import Purpose
from app.notifications.texts import MessageText, helper_notice

PLAN_PUBLISHED = Purpose(
    "plan_published",
    label=_l("Notice: a new plan"),
    text=MessageText(
        sms=_l(
            "Borgerportal: you have a new plan from the jobcenter. Read it and confirm that you got it "
            "by %(date)s: %(link)s"
        ),
        subject=_l("Your new plan from the jobcenter"),
        email=_l(
            "The jobcenter has made a new version of your plan (Min Plan).\n\n"
            "Read it and confirm that you have received it by %(date)s. Log in at %(link)s.\n\n"
            "You can write on the page if you disagree. Questions? Call the jobcenter on %(phone)s."
        ),
    ),
    caused_by_others=True,
    by_letter=False,  # the plan itself goes by digital post or letter
)

PLAN_PUBLISHED_READ = Purpose(
    "plan_published_read",
    label=_l("Notice: a new plan"),
    text=MessageText(
        sms=_l("Borgerportal: you have a new plan from the jobcenter. You can read it here: %(link)s"),
        subject=_l("Your new plan from the jobcenter"),
        email=_l(
            "The jobcenter has made a new version of your plan (Min Plan). You can read it at %(link)s.\n\n"
            "You will also get it by digital post or letter. Questions? Call the jobcenter on %(phone)s."
        ),
    ),
    caused_by_others=True,
    by_letter=False,  # the plan itself goes by digital post or letter
)

PLAN_COMMENT_ANSWERED = Purpose(
    "plan_comment_answered",
    label=_l("Notice: the jobcenter answered a comment on the plan"),
    text=MessageText(
        sms=_l("Borgerportal: the jobcenter has answered your comment on your plan. Read it here: %(link)s"),
        subject=_l("The jobcenter has answered your comment on your plan"),
        email=_l(
            "The jobcenter has answered your comment on your plan (Min Plan). "
            "Read the answer at %(link)s.\n\nQuestions? Call the jobcenter on %(phone)s."
        ),
    ),
    caused_by_others=True,
    by_letter=False,  # points to the answer on the portal
)

PLAN_REMINDER = Purpose(
    "plan_reminder",
    label=_l("Reminder: confirm that the plan was received"),
    text=MessageText(
        sms=_l(
            "Borgerportal: please confirm that you got your new plan. Log in at %(link)s or call %(phone)s."
        ),
        subject=_l("Confirm that you got your new plan"),
        email=_l(
            "The jobcenter sent you a new plan (Min Plan) a few days ago. Please read it and confirm that "
            "you have received it. Log in at %(link)s.\n\n"
            "Need help? Call the jobcenter on %(phone)s."
        ),
    ),
    reminder=True,
    by_letter=False,  # points to a page; was turned into a letter on a refused SMS
)

HELPER_ACKNOWLEDGED_PLAN = Purpose(
    "helper_acknowledged_plan",
    label=_l("Notice: a helper confirmed that the plan was received"),
    text=helper_notice(
        _l(
            "Borgerportal: your helper %(helper)s has confirmed that you got your plan. See it here: %(link)s"
        ),
        _l("Your helper %(helper)s has confirmed that you got your plan."),
        _l(
            "Borgerportal: your helper with the phone number ending in %(digits)s "
            "has confirmed that you got your plan. See it here: %(link)s"
        ),
        _l("Your helper with the phone number ending in %(digits)s has confirmed that you got your plan."),
    ),
    caused_by_others=True,
    after_helper_action="plan.acknowledged",
)

HELPER_READ_PLAN = Purpose(
    "helper_read_plan",
    label=_l("Notice: a helper marked the plan as read"),
    text=helper_notice(
        _l("Borgerportal: your helper %(helper)s has marked your plan as read. See it here: %(link)s"),
        _l("Your helper %(helper)s has marked your plan as read."),
        _l(
            "Borgerportal: your helper with the phone number ending in %(digits)s "
            "has marked your plan as read. See it here: %(link)s"
        ),
        _l("Your helper with the phone number ending in %(digits)s has marked your plan as read."),
    ),
    caused_by_others=True,
    after_helper_action="plan.read",
)

HELPER_COMMENTED_PLAN = Purpose(
    "helper_commented_plan",
    label=_l("Notice: a helper wrote a comment on the plan"),
    text=helper_notice(
        _l("Borgerportal: your helper %(helper)s has written a comment on your plan. See it here: %(link)s"),
        _l("Your helper %(helper)s has written a comment on your plan."),
        _l(
            "Borgerportal: your helper with the phone number ending in %(digits)s "
            "has written a comment on your plan. See it here: %(link)s"
        ),
        _l("Your helper with the phone number ending in %(digits)s has written a comment on your plan."),
    ),
    caused_by_others=True,
    after_helper_action="plan.commented",
)

PURPOSES = (
    PLAN_PUBLISHED,
    PLAN_PUBLISHED_READ,
    PLAN_COMMENT_ANSWERED,
    PLAN_REMINDER,
    HELPER_ACKNOWLEDGED_PLAN,
    HELPER_READ_PLAN,
    HELPER_COMMENTED_PLAN,
)
