"""What each message says, per purpose and channel, in the recipient's language.

Texts live in the gettext catalogs like every other string, so a missing translation fails the
same test. SMS show on lock screens: what to do and by when, never anything sensitive.
"""

import functools
from dataclasses import dataclass

from flask_babel import force_locale
from flask_babel import lazy_gettext as _l

from app.i18n import ltr_values


@dataclass(frozen=True)
class MessageText:
    subject: object
    email: object  # also the text of a letter
    sms: object | None = None  # None: never sent by SMS (letters)
    # The same message for a helper nobody but the helper named: it says "your helper with the
    # phone number ending in %(digits)s" where this one says "%(helper)s" (render picks it).
    unnamed: "MessageText | None" = None


class Paragraphs:
    """Translated paragraphs that become one text in the locale active when it is rendered."""

    def __init__(self, *paragraphs):
        self.paragraphs = paragraphs

    def __str__(self) -> str:
        return "\n\n".join(str(paragraph) for paragraph in self.paragraphs)


# Added to the e-mail (and letter) of every "your helper did …" notice.
HELPER_NOTICE_FOOTER = _l(
    "See everything done on your case at %(link)s. Is something wrong? You can take back the access "
    "on your page at any time, or call the jobcenter on %(phone)s."
)


def _helper_notice(sms, email, unnamed_sms, unnamed_email) -> MessageText:
    """ "Your helper X has …": one subject for all, and a paragraph on what the citizen can do.
    The unnamed texts name the helper by the last digits of their phone instead."""
    subject = _l("Your helper did something for you")
    return MessageText(
        sms=sms,
        subject=subject,
        email=Paragraphs(email, HELPER_NOTICE_FOOTER),
        unnamed=MessageText(
            sms=unnamed_sms, subject=subject, email=Paragraphs(unnamed_email, HELPER_NOTICE_FOOTER)
        ),
    )


TEXTS: dict[str, MessageText] = {
    "login_code": MessageText(
        sms=_l("Borgerportal code: %(code)s. It works for 10 minutes. Never give it to anyone."),
        subject=_l("Your login code for Borgerportal"),
        email=_l(
            "Your login code is %(code)s.\n\n"
            "It works for 10 minutes. Never give it to anyone, not even someone who says they are "
            "from the jobcenter.\n\n"
            "Did you not ask for a code? Then you can ignore this message."
        ),
    ),
    "access_changed": MessageText(
        sms=_l("The jobcenter changed your login for Borgerportal on %(date)s. Not you? Call %(phone)s."),
        subject=_l("The jobcenter changed your login"),
        email=_l(
            "The jobcenter changed your login for Borgerportal on %(date)s.\n\n"
            "If you did not ask for this, call the jobcenter on %(phone)s."
        ),
    ),
    "verify_contact": MessageText(
        sms=_l("Borgerportal: your code to confirm this phone number is %(code)s. It works for 10 minutes."),
        subject=_l("Confirm your e-mail for Borgerportal"),
        email=_l(
            "Your code to confirm this e-mail address is %(code)s. It works for 10 minutes.\n\n"
            "Did you not ask for this? Then you can ignore this message."
        ),
    ),
    "contact_changed": MessageText(
        sms=_l("Your phone or e-mail for Borgerportal was changed on %(date)s. Not you? Call %(phone)s."),
        subject=_l("Your contact details were changed"),
        email=_l(
            "Your phone number or e-mail for Borgerportal was changed on %(date)s. "
            "Messages now go to the new one.\n\n"
            "If you did not do this, call the jobcenter on %(phone)s."
        ),
    ),
    "code_letter": MessageText(
        subject=_l("Your code for Borgerportal"),
        email=_l(
            "Here is your one-time code for Borgerportal. Use it with your CPR number at %(url)s "
            "before %(valid_until)s. The code works once.\n\n"
            "If you did not ask for this letter, call the jobcenter on %(phone)s."
        ),
    ),
    "job_search_heads_up": MessageText(
        sms=_l("Borgerportal: confirm your job search by %(date)s. Tap here: %(link)s"),
        subject=_l("Confirm your job search by %(date)s"),
        email=_l(
            "Remember to confirm that you are looking for work by %(date)s.\n\n"
            "Confirm with one tap here: %(link)s\n\n"
            "Or log in at %(url)s. Questions? Call the jobcenter on %(phone)s."
        ),
    ),
    "job_search_due": MessageText(
        sms=_l("Borgerportal: confirm your job search today, %(date)s. Tap here: %(link)s"),
        subject=_l("Confirm your job search today"),
        email=_l(
            "Today, %(date)s, is the last day to confirm that you are looking for work.\n\n"
            "Confirm with one tap here: %(link)s\n\n"
            "Or log in at %(url)s. Questions? Call the jobcenter on %(phone)s."
        ),
    ),
    "job_search_missed": MessageText(
        sms=_l("Borgerportal: you did not confirm your job search in time. Do it by %(date)s: %(link)s"),
        subject=_l("You did not confirm your job search in time"),
        email=_l(
            "You did not confirm your job search in time. You have until %(date)s to do it.\n\n"
            "Confirm with one tap here: %(link)s\n\n"
            "Is something stopping you, for example sickness? Call the jobcenter on %(phone)s."
        ),
    ),
    "job_search_follow_up": MessageText(
        sms=_l("Borgerportal: you have not confirmed your job search. Log in at %(url)s or call %(phone)s."),
        subject=_l("Contact the jobcenter about your job search"),
        email=_l(
            "You have not confirmed your job search, and the extra time has run out.\n\n"
            "A caseworker will look at your case. This can affect your benefits. "
            "Log in at %(url)s and confirm now, or call the jobcenter on %(phone)s. "
            "Tell us if something stopped you, for example sickness."
        ),
    ),
    "job_search_receipt": MessageText(
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
    "sms_help": MessageText(
        sms=_l("Borgerportal: reply %(yes)s to confirm your job search. Questions? Call %(phone)s."),
        subject=_l("How to answer Borgerportal by SMS"),
        email=_l("Reply %(yes)s to confirm your job search. Questions? Call %(phone)s."),
    ),
    "sms_no_duty": MessageText(
        sms=_l("Borgerportal: you do not need to confirm your job search now. Questions? Call %(phone)s."),
        subject=_l("You do not need to confirm your job search now"),
        email=_l("You do not need to confirm your job search now. Questions? Call %(phone)s."),
    ),
    "sms_stopped": MessageText(
        sms=_l("Borgerportal: you will get no more SMS from us. Reply START to get SMS again."),
        subject=_l("You get no more SMS from Borgerportal"),
        email=_l("You will get no more SMS from Borgerportal. Reply START to get SMS again."),
    ),
    "sms_started": MessageText(
        sms=_l("Borgerportal: you will get SMS from us again. Reply STOP to stop them."),
        subject=_l("You get SMS from Borgerportal again"),
        email=_l("You will get SMS from Borgerportal again. Reply STOP to stop them."),
    ),
    # Answers to a number several citizens share: "you" would be a guess, so they name no one.
    "sms_stopped_shared": MessageText(
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
    "sms_started_shared": MessageText(
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
    "sms_shared_number": MessageText(
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
    "follow_up_decision": MessageText(
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
    "plan_published": MessageText(
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
    "plan_published_read": MessageText(
        sms=_l("Borgerportal: you have a new plan from the jobcenter. You can read it here: %(link)s"),
        subject=_l("Your new plan from the jobcenter"),
        email=_l(
            "The jobcenter has made a new version of your plan (Min Plan). You can read it at %(link)s.\n\n"
            "You will also get it by digital post or letter. Questions? Call the jobcenter on %(phone)s."
        ),
    ),
    "plan_comment_answered": MessageText(
        sms=_l("Borgerportal: the jobcenter has answered your comment on your plan. Read it here: %(link)s"),
        subject=_l("The jobcenter has answered your comment on your plan"),
        email=_l(
            "The jobcenter has answered your comment on your plan (Min Plan). "
            "Read the answer at %(link)s.\n\nQuestions? Call the jobcenter on %(phone)s."
        ),
    ),
    "plan_reminder": MessageText(
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
    "sickness_recovery_reminder": MessageText(
        sms=_l("Borgerportal: are you well again? Tell us here: %(link)s or call %(phone)s."),
        subject=_l("Are you well again?"),
        email=_l(
            "You told us that you expected to be well again by now. If you are well, tell us the first "
            "day you were well at %(link)s. Then you must confirm your job search again.\n\n"
            "Still sick? Then you do not need to do anything. Questions? Call the jobcenter on %(phone)s."
        ),
    ),
    "claim_decided": MessageText(
        sms=_l("Borgerportal: the jobcenter has decided on your expense claim. See the decision: %(link)s"),
        subject=_l("Decision on your expense claim"),
        email=_l(
            "The jobcenter has decided on your expense claim. Log in at %(link)s to see the decision "
            "and the reason.\n\nQuestions? Call the jobcenter on %(phone)s."
        ),
    ),
    "meeting_summons": MessageText(
        sms=_l("Borgerportal: you have a meeting with the jobcenter on %(date)s at %(clock)s. See: %(link)s"),
        subject=_l("You have a meeting with the jobcenter on %(date)s"),
        email=_l(
            "You have a meeting with the jobcenter on %(date)s at %(clock)s.\n\n"
            "See where, with whom and what to bring here: %(link)s\n\n"
            "If you cannot come, tell us on the page before the meeting, or call the jobcenter on %(phone)s."
        ),
    ),
    "meeting_moved": MessageText(
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
    "meeting_cancelled": MessageText(
        sms=_l("Borgerportal: your meeting with the jobcenter on %(date)s is cancelled. See: %(link)s"),
        subject=_l("Your meeting with the jobcenter is cancelled"),
        email=_l(
            "Your meeting with the jobcenter on %(date)s at %(clock)s is cancelled. "
            "You do not need to come.\n\n"
            "See it here: %(link)s. Questions? Call the jobcenter on %(phone)s."
        ),
    ),
    "meeting_reminder": MessageText(
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
    "meeting_cannot_come_receipt": MessageText(
        sms=_l("Borgerportal: we have your message that you cannot come on %(date)s. See: %(link)s"),
        subject=_l("We have your message that you cannot come"),
        email=_l(
            "We have your message that you cannot come to the meeting on %(date)s at %(clock)s. "
            "The jobcenter will contact you about a new time.\n\n"
            "See your receipt here: %(link)s"
        ),
    ),
    "helper_invitation": MessageText(
        sms=_l(
            "Borgerportal: %(citizen)s asks you to help with their case at the jobcenter. "
            "Answer by %(date)s: %(link)s"
        ),
        subject=_l("You are asked to help with a case at the jobcenter"),
        email=_l(
            "%(citizen)s asks you to help with their case at the jobcenter. Open %(link)s and log in "
            "with your own phone number to say yes or no, by %(date)s."
        ),
    ),
    "helper_access_granted": MessageText(
        sms=_l(
            "Borgerportal: you can now help %(citizen)s until %(date)s. Log in with your phone number: "
            "%(link)s"
        ),
        subject=_l("You can now help with a case at the jobcenter"),
        email=_l(
            "You can now help %(citizen)s until %(date)s. Log in with your own phone number at %(link)s."
        ),
    ),
    "helper_request_refused": MessageText(
        sms=_l("Borgerportal: %(citizen)s said no to your request to help."),
        subject=_l("Your request to help was refused"),
        email=_l("%(citizen)s said no to your request to help with their case at the jobcenter."),
    ),
    "helper_access_requested": MessageText(
        sms=_l(
            "Borgerportal: someone with a phone number ending in %(digits)s asks to help you with your "
            "case. Say yes or no here: %(link)s"
        ),
        subject=_l("Someone asks to help you"),
        email=_l(
            "Someone with a phone number ending in %(digits)s asks to help you with your case at the "
            "jobcenter. Log in at %(link)s to say yes or no. Do you not know this person? Say no, or "
            "call the jobcenter on %(phone)s."
        ),
    ),
    "mandate_registered": MessageText(
        sms=_l("Borgerportal: from a signed form, %(helper)s can now help you. Not right? Call %(phone)s."),
        subject=_l("A helper can now help you"),
        email=_l(
            "The jobcenter has registered %(helper)s as your helper, from a form you signed. You can see "
            "and take back the access on your page at any time.\n\n"
            "Did you not sign such a form? Call the jobcenter on %(phone)s."
        ),
    ),
    "mandate_expiring": MessageText(
        sms=_l(
            "Borgerportal: %(helper)s can help you until %(date)s. To go on, give more time here: %(link)s"
        ),
        subject=_l("Your helper's access ends soon"),
        email=_l(
            "%(helper)s can help you with your case until %(date)s. Then the access ends by itself.\n\n"
            "Should %(helper)s go on helping you? Log in at %(link)s and choose a later day."
        ),
        unnamed=MessageText(
            sms=_l(
                "Borgerportal: your helper with the phone number ending in %(digits)s can help you until "
                "%(date)s. To go on, give more time here: %(link)s"
            ),
            subject=_l("Your helper's access ends soon"),
            email=_l(
                "Your helper with the phone number ending in %(digits)s can help you with your case until "
                "%(date)s. Then the access ends by itself.\n\n"
                "Should this helper go on helping you? Log in at %(link)s and choose a later day."
            ),
        ),
    ),
    "helper_reported_sick": _helper_notice(
        _l("Borgerportal: your helper %(helper)s has reported you sick. See it here: %(link)s"),
        _l("Your helper %(helper)s has reported you sick."),
        _l(
            "Borgerportal: your helper with the phone number ending in %(digits)s "
            "has reported you sick. See it here: %(link)s"
        ),
        _l("Your helper with the phone number ending in %(digits)s has reported you sick."),
    ),
    "helper_reported_recovery": _helper_notice(
        _l(
            "Borgerportal: your helper %(helper)s has reported that you are well again. See it here: %(link)s"
        ),
        _l("Your helper %(helper)s has reported that you are well again."),
        _l(
            "Borgerportal: your helper with the phone number ending in %(digits)s "
            "has reported that you are well again. See it here: %(link)s"
        ),
        _l("Your helper with the phone number ending in %(digits)s has reported that you are well again."),
    ),
    "helper_handed_in_claim": _helper_notice(
        _l("Borgerportal: your helper %(helper)s has handed in an invoice for you. See it here: %(link)s"),
        _l("Your helper %(helper)s has handed in an invoice for you."),
        _l(
            "Borgerportal: your helper with the phone number ending in %(digits)s "
            "has handed in an invoice for you. See it here: %(link)s"
        ),
        _l("Your helper with the phone number ending in %(digits)s has handed in an invoice for you."),
    ),
    "helper_acknowledged_plan": _helper_notice(
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
    "helper_read_plan": _helper_notice(
        _l("Borgerportal: your helper %(helper)s has marked your plan as read. See it here: %(link)s"),
        _l("Your helper %(helper)s has marked your plan as read."),
        _l(
            "Borgerportal: your helper with the phone number ending in %(digits)s "
            "has marked your plan as read. See it here: %(link)s"
        ),
        _l("Your helper with the phone number ending in %(digits)s has marked your plan as read."),
    ),
    "helper_commented_plan": _helper_notice(
        _l("Borgerportal: your helper %(helper)s has written a comment on your plan. See it here: %(link)s"),
        _l("Your helper %(helper)s has written a comment on your plan."),
        _l(
            "Borgerportal: your helper with the phone number ending in %(digits)s "
            "has written a comment on your plan. See it here: %(link)s"
        ),
        _l("Your helper with the phone number ending in %(digits)s has written a comment on your plan."),
    ),
    "helper_confirmed_job_search": _helper_notice(
        _l("Borgerportal: your helper %(helper)s has confirmed your job search. See it here: %(link)s"),
        _l("Your helper %(helper)s has confirmed your job search."),
        _l(
            "Borgerportal: your helper with the phone number ending in %(digits)s "
            "has confirmed your job search. See it here: %(link)s"
        ),
        _l("Your helper with the phone number ending in %(digits)s has confirmed your job search."),
    ),
}


def render(purpose: str, channel: str, language: str, context: dict) -> tuple[str, str]:
    """Return (subject, body) of `purpose` for `channel` in `language`. SMS have no subject."""
    unnamed = "helper" not in context and TEXTS[purpose].unnamed is not None
    context = ltr_values(context, language)  # phone numbers and dates read left to right in Arabic
    if channel == "sms":
        return "", _translated(purpose, "sms", language, unnamed) % context
    return (
        _translated(purpose, "subject", language, unnamed) % context,
        _translated(purpose, "email", language, unnamed) % context,
    )


@functools.cache
def _translated(purpose: str, part: str, language: str, unnamed: bool = False) -> str:
    """One text in one language, translated once per process: switching the locale for every
    message was a fifth of a reminder sweep's time (translations do not change while running)."""
    text = TEXTS[purpose].unnamed if unnamed else TEXTS[purpose]
    with force_locale(language):
        return str(getattr(text, part))
