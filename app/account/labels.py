"""Plain-language names for codes stored in the database, shown on the citizen's pages."""

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

MESSAGE_STATUS = {
    "queued": _l("Waiting to be sent"),
    "sending": _l("Being sent"),
    "sent": _l("Sent"),
    "delivered": _l("Delivered"),
    "failed_temporary": _l("Delayed: we will try again"),
    "failed_permanent": _l("Could not be delivered"),
    "cancelled": _l("Not sent: no longer needed"),
}
CHANNEL = {"sms": _l("SMS"), "email": _l("E-mail"), "letter": _l("Letter")}
PURPOSE = {
    "login_code": _l("Login code"),
    "code_letter": _l("Letter with a login code"),
    "access_changed": _l("Notice: the jobcenter changed your login"),
    "verify_contact": _l("Code to confirm a new phone number or e-mail"),
    "contact_changed": _l("Notice: your contact details were changed"),
    "job_search_heads_up": _l("Reminder: confirm your job search"),
    "job_search_due": _l("Reminder: last day to confirm your job search"),
    "job_search_missed": _l("Notice: you did not confirm in time"),
    "job_search_follow_up": _l("Notice: contact the jobcenter about your job search"),
    "job_search_receipt": _l("Receipt for your job search"),
    "sms_help": _l("Help to answer by SMS"),
    "sms_no_duty": _l("Answer: nothing to confirm now"),
    "sms_stopped": _l("Answer: no more SMS"),
    "sms_started": _l("Answer: SMS again"),
    "sms_stopped_shared": _l("Answer: no more SMS to this phone number"),
    "sms_started_shared": _l("Answer: SMS again to this phone number"),
    "sms_shared_number": _l("Answer: the phone number is shared, log in instead"),
    "follow_up_decision": _l("Notice: a decision about your job search"),
    "plan_published": _l("Notice: you have a new plan"),
    "plan_published_read": _l("Notice: you have a new plan"),
    "plan_reminder": _l("Reminder: confirm that you got your plan"),
    "sickness_recovery_reminder": _l("Reminder: tell us when you are well again"),
    "claim_decided": _l("Notice: a decision about your expense claim"),
    "helper_access_requested": _l("Notice: someone asks to help you"),
    "mandate_registered": _l("Notice: the jobcenter registered a helper for you"),
    "mandate_expiring": _l("Reminder: your helper's access ends soon"),
    "helper_reported_sick": _l("Notice: your helper reported you sick"),
    "helper_reported_recovery": _l("Notice: your helper reported that you are well again"),
    "helper_handed_in_claim": _l("Notice: your helper handed in an invoice"),
    "helper_acknowledged_plan": _l("Notice: your helper confirmed that you got your plan"),
    "helper_read_plan": _l("Notice: your helper marked your plan as read"),
    "helper_commented_plan": _l("Notice: your helper wrote a comment on your plan"),
    "helper_confirmed_job_search": _l("Notice: your helper confirmed your job search"),
}
ACTIONS = {
    "citizen.logged_in": _l("Logged in"),
    "citizen.login_paused": _l("Login paused after 5 wrong codes"),
    "citizen.imported": _l("Registered from the jobcenter's records"),
    "citizen.updated_by_import": _l("Details updated from the jobcenter's records"),
    "exemption.created": _l("Exemption registered"),
    "citizen.contact_changed": _l("Contact details changed"),
    "access.code_sent": _l("The jobcenter sent you a new login code"),
    "access.letter_printed": _l("The jobcenter printed a letter with a login code"),
    "access.letter_requested": _l("A letter with a login code was requested"),
    "access.unlocked": _l("The jobcenter unlocked your login"),
    "access.contact_changed": _l("The jobcenter changed your contact details"),
    "letter.posted": _l("A letter was posted to you"),
    "exemption.ended": _l("Exemption ended"),
    "job_search.confirmed": _l("Job search confirmed"),
    "job_search.missed": _l("Deadline for job search missed"),
    "citizen.sms_stopped": _l("SMS stopped by a STOP reply"),
    "citizen.sms_started": _l("SMS started again by a START reply"),
    "follow_up.do_not_sanction_set": _l("Marked: do not sanction"),
    "follow_up.do_not_sanction_removed": _l("Marking removed: do not sanction"),
    "follow_up.decided": _l("The jobcenter recorded a decision about your job search"),
    "plan.draft_saved": _l("The jobcenter worked on a new version of your plan"),
    "plan.draft_discarded": _l("The jobcenter deleted a draft of your plan"),
    "plan.published": _l("A new version of your plan was published"),
    "plan.viewed": _l("Your plan was opened"),
    "plan.read": _l("Your plan was marked as read"),
    "plan.acknowledged": _l("Receipt of your plan was confirmed"),
    "plan.commented": _l("A comment on your plan was written"),
    "plan.delivery_recorded": _l("Delivery of your plan by post was recorded"),
    "sickness.reported": _l("Sickness reported"),
    "sickness.recovered": _l("Reported well again after sickness"),
    "sickness.seen": _l("The jobcenter read your sickness report"),
    "claim.submitted": _l("Expense claim handed in"),
    "claim.first_approved": _l("Expense claim approved by a caseworker, waiting for a manager"),
    "claim.approved": _l("Expense claim approved"),
    "claim.rejected": _l("Expense claim rejected"),
    "mandate.invited": _l("A helper was invited"),
    "mandate.accepted": _l("A helper said yes to help you"),
    "mandate.declined": _l("A helper said no to help you"),
    "mandate.requested": _l("Someone asked to help you"),
    "mandate.approved": _l("A request to help you was approved"),
    "mandate.refused": _l("A request to help you was refused"),
    "mandate.registered_from_paper": _l("A helper was registered from a signed form"),
    "mandate.changed": _l("A helper's access was changed"),
    "mandate.revoked": _l("A helper's access was taken back"),
    "mandate.case_opened": _l("A helper opened your case"),
}
EXEMPTION_KIND = {
    "barsel": _l("Parental leave (barsel)"),
    "sygdom": _l("Sickness"),
    "ferie": _l("Holiday"),
    "behandling": _l("Documented treatment"),
    "jobstart": _l("Starting a job"),
    "other": _l("Other"),
}
STAGE = {
    "open": _l("On time"),
    "extended": _l("Missed: extra days running"),
    "follow_up": _l("Risk of deregistration"),
}
DECISION = {
    "no_consequence": _l("No consequence"),
    "sanction_assessment": _l("Reduction of benefits to be assessed"),
    "deregistered": _l("Deregistered"),
}
# What a caseworker's decision means for the citizen, in plain words, and where to get help.
DECISION_TEXT = {
    "no_consequence": _l("You missed the deadline, but it has no consequence for you."),
    "sanction_assessment": _l(
        "The jobcenter will assess whether your benefits are reduced. You will hear from us first and "
        "can tell your side. Call %(phone)s for help."
    ),
    "deregistered": _l(
        "The jobcenter has taken you off the list of people looking for work. This can stop your "
        "benefits. Call %(phone)s to register again or to get help."
    ),
}
ACTORS = {
    "citizen": _l("You"),
    "helper": _l("Your helper"),
    "staff": _l("The jobcenter"),
    "system": _l("Borgerportal"),
}


def decision_text(decision: str, phone: str) -> str:
    return str(DECISION_TEXT.get(decision, decision)) % {"phone": phone}


def label(table: dict, key: str) -> str:
    """The label for `key`, or the key itself so a new code is never hidden."""
    return str(table.get(key, key))


def actor_text(event, seen_by_helper: bool) -> str:
    """Who did it, as the reader of the activity page understands it: "You" is the citizen, so a
    helper reading the page sees names instead."""
    if event.actor_type in ("citizen", "helper") and seen_by_helper:
        return event.actor_label
    if event.actor_type == "helper":
        return _("Your helper %(name)s", name=event.actor_label)
    return label(ACTORS, event.actor_type)
