"""Plain-language names for codes stored in the database, shown on the citizen's pages."""

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from app.i18n import label  # the pages call labels.label too
from app.notifications.purposes import label_of as purpose_label  # noqa: F401 (the journal reads it)

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
# What happened, in words that are true whoever reads them: the citizen, a helper acting for
# them, or staff (no "you", no "your").
ACTIONS = {
    "citizen.logged_in": _l("Logged in"),
    "citizen.logged_in_with_mitid": _l("Logged in with MitID"),
    "citizen.login_paused": _l("A browser was paused after 5 wrong codes"),
    "citizen.imported": _l("Registered from the jobcenter's records"),
    "citizen.updated_by_import": _l("Details updated from the jobcenter's records"),
    "exemption.created": _l("Exemption registered"),
    "citizen.contact_changed": _l("Contact details changed"),
    "access.code_sent": _l("New login code sent by the jobcenter"),
    "access.letter_printed": _l("The jobcenter printed a letter with a login code"),
    "access.letter_requested": _l("A letter with a login code was requested"),
    "access.unlocked": _l("Login unlocked by the jobcenter"),
    "access.contact_changed": _l("Contact details changed by the jobcenter"),
    "access.logged_out_everywhere": _l("Logged out on every device by the jobcenter"),
    "citizen.logged_out_everywhere": _l("Logged out on every device"),
    "letter.posted": _l("Letter posted"),
    "letter.downloaded": _l("Letter opened by the jobcenter to print it"),
    "exemption.ended": _l("Exemption ended"),
    "job_search.confirmed": _l("Job search confirmed"),
    "job_search.missed": _l("Deadline for job search missed"),
    "citizen.sms_stopped": _l("SMS stopped by a STOP reply"),
    "citizen.sms_started": _l("SMS started again by a START reply"),
    "follow_up.do_not_sanction_set": _l("Marked: do not sanction"),
    "follow_up.do_not_sanction_removed": _l("Marking removed: do not sanction"),
    "follow_up.decided": _l("Decision about the job search recorded by the jobcenter"),
    "plan.draft_saved": _l("Draft of a new version of the plan saved by the jobcenter"),
    "plan.draft_discarded": _l("Draft of the plan deleted by the jobcenter"),
    "plan.published": _l("New version of the plan published"),
    "plan.viewed": _l("Plan opened"),
    "plan.read": _l("Plan marked as read"),
    "plan.acknowledged": _l("Receipt of the plan confirmed"),
    "plan.commented": _l("Comment on the plan written"),
    "plan.comment_answered": _l("Comment on the plan answered by the jobcenter"),
    "plan.delivery_recorded": _l("Delivery of the plan by post recorded"),
    "sickness.reported": _l("Sickness reported"),
    "sickness.recovered": _l("Reported well again after sickness"),
    "sickness.seen": _l("Sickness report read by the jobcenter"),
    "meeting.booked": _l("Meeting booked"),
    "meeting.moved": _l("Meeting moved"),
    "meeting.cancelled": _l("Meeting cancelled by the jobcenter"),
    "meeting.held": _l("Meeting held"),
    "meeting.absent": _l("Did not come to the meeting"),
    "meeting.cannot_come": _l("Said they cannot come to the meeting, with a reason"),
    "meeting.summoned_by_post": _l("Summons to a meeting sent by letter or Digital Post"),
    "meeting.followed_up": _l("Meeting followed up by the jobcenter"),
    "citizen.sickness_category_set": _l(
        "Category of the sygedagpenge case set (it decides how often meetings are held)"
    ),
    "claim.submitted": _l("Expense claim handed in"),
    "claim.first_approved": _l("Expense claim approved by a caseworker, waiting for a manager"),
    "claim.approved": _l("Expense claim approved"),
    "claim.rejected": _l("Expense claim rejected"),
    "mandate.invited": _l("Helper invited"),
    "mandate.accepted": _l("Helper said yes to helping"),
    "mandate.declined": _l("Helper said no to helping"),
    "mandate.requested": _l("Someone asked to become a helper"),
    "mandate.approved": _l("Request to become a helper approved"),
    "mandate.refused": _l("Request to become a helper refused"),
    "mandate.registered_from_paper": _l("Helper registered from a signed form"),
    "mandate.changed": _l("Helper's access changed"),
    "mandate.revoked": _l("Helper's access taken back"),
    "mandate.case_opened": _l("Case opened by a helper"),
    "data.exported": _l("A copy of all data was downloaded"),
    "data.export_requested": _l("A copy of all data was asked for"),
    "data.export_ready": _l("A copy of all data is ready to download"),
    "citizen.preferences_changed": _l("Choices for our messages changed"),
    "case.closed": _l("Case closed by the jobcenter"),
    "case.reopened": _l("Case opened again by the jobcenter"),
}
EXEMPTION_KIND = {
    "parental_leave": _l("Parental leave (barsel)"),
    "sickness": _l("Sickness"),
    "holiday": _l("Holiday"),
    "treatment": _l("Documented treatment"),
    "job_start": _l("Starting a job"),
    "other": _l("Other"),
}
# Audit events are append-only: those written before migration 0024 keep the Danish codes.
EXEMPTION_KIND |= {
    "barsel": EXEMPTION_KIND["parental_leave"],
    "sygdom": EXEMPTION_KIND["sickness"],
    "ferie": EXEMPTION_KIND["holiday"],
    "behandling": EXEMPTION_KIND["treatment"],
    "jobstart": EXEMPTION_KIND["job_start"],
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
# The same, when a helper reads about the citizen (%(name)s).
DECISION_TEXT_ABOUT = {
    "no_consequence": _l("%(name)s missed the deadline, but it has no consequence for %(name)s."),
    "sanction_assessment": _l(
        "The jobcenter will assess whether the benefits of %(name)s are reduced. %(name)s will hear from us "
        "first and can tell their side. Call %(phone)s for help."
    ),
    "deregistered": _l(
        "The jobcenter has taken %(name)s off the list of people looking for work. This can stop the "
        "benefits of %(name)s. Call %(phone)s to register again or to get help."
    ),
}
ACTORS = {
    "citizen": _l("You"),
    "helper": _l("Your helper"),
    "staff": _l("The jobcenter"),
    "system": _l("Borgerportal"),
}
STAFF_ACTORS = {  # the same, as staff read them
    "citizen": _l("The citizen"),
    "helper": _l("A helper"),
    "staff": _l("The jobcenter"),
    "system": _l("Borgerportal"),
}


def decision_text(decision: str, phone: str, case=None) -> str:
    """The decision in plain words, to the citizen or, for a helper's `case`, about the citizen."""
    if case is not None and case.by_helper:
        text = DECISION_TEXT_ABOUT.get(decision, decision)
        return str(text) % {"phone": phone, "name": case.citizen.first_name}
    return str(DECISION_TEXT.get(decision, decision)) % {"phone": phone}


def actor_text(event, seen_by_helper: bool) -> str:
    """Who did it, as the reader of the activity page understands it: "You" is the citizen, so a
    helper reading the page sees names instead."""
    if event.actor_type in ("citizen", "helper") and seen_by_helper:
        return event.actor_label
    if event.actor_type == "helper":
        return _("Your helper %(name)s", name=event.actor_label)
    return label(ACTORS, event.actor_type)


# What the portal did with an SMS the citizen sent us (InboundSms.outcome).
INBOUND_OUTCOME = {
    "confirmed": _l("Job search confirmed"),
    "already": _l("The job search was already confirmed: nothing changed"),
    "help": _l("Not understood: an answer with help was sent"),
    "no_duty": _l("Nothing to confirm now: an answer was sent"),
    "stopped": _l("SMS stopped"),
    "started": _l("SMS started again"),
    "unknown": _l("Unknown phone number: nothing was done"),
    "shared": _l("Several people share this phone number: nothing was confirmed"),
    "shared_stopped": _l("SMS stopped for everyone with this phone number"),
    "shared_started": _l("SMS started again for everyone with this phone number"),
}
ROLES = {
    "front_desk": _l("Front desk"),
    "caseworker": _l("Caseworker"),
    "manager": _l("Manager"),
    "admin": _l("Administrator"),
    "helper": _l("Helper"),
}
# What a look-up opened: staff pages by what audit.record_lookup names, a helper's by blueprint.
LOOKED_AT = {
    "citizen_page": _l("The case overview"),
    "citizen_messages": _l("Messages"),
    "login_help": _l("The page to help the citizen log in"),
    "contact_form": _l("The form to change phone or e-mail"),
    "exemptions": _l("Exemptions"),
    "do_not_sanction_form": _l("The follow-up of the job search"),
    "decision_form": _l("The follow-up of the job search"),
    "booking_form": _l("Meetings"),
    "category_form": _l("Meetings"),
    "plan": _l("The plan"),
    "plan_pdf": _l("The plan"),
    "plan_editor": _l("The plan"),
    "plan_list": _l("A list of plans to follow up"),
    "sickness_list": _l("A list of sickness reports"),
    "follow_up_list": _l("The follow-up list for job search"),
    "follow_up_csv": _l("The follow-up list for job search"),
    "search_results": _l("Search results"),
    "print_queue": _l("The print queue for letters"),
    "claims_list": _l("The list of expense claims"),
    "claim": _l("An expense claim"),
    "claim_file": _l("A file of an expense claim"),
    "paper_mandate_form": _l("The form to register a helper"),
    "export": _l("All data about the case (a copy)"),
    "account.overview": _l("The front page"),
    "account.messages": _l("Messages"),
    "account.activity": _l("Activity on the case"),
    "account.lookups": _l("Who has looked at the case"),
    "job_search": _l("Receipts for the job search"),
    "sickness": _l("Sickness reports"),
    "claims": _l("Expense claims"),
    "meetings": _l("Meetings"),
    "meeting": _l("A meeting"),
    "meetings_list": _l("Meetings to follow up"),
    "timeliness_report": _l("Timeliness of meetings"),
    "timeliness_csv": _l("Timeliness of meetings"),
    "timeliness_pdf": _l("Timeliness of meetings"),
    "rights": _l("All data about the case (a copy)"),
}


def looked_at(event) -> str:
    """What the look-up `event` opened, in words."""
    what = event.action.removeprefix("lookup.")
    return label(LOOKED_AT, what if what in LOOKED_AT else what.split(".")[0])


def looker(event, names_shown: bool) -> str:
    """Who looked: name and role, or the role alone where the jobcenter's policy says so. A
    helper is always named (the citizen chose them)."""
    role = (event.details or {}).get("role")
    if not role:  # looked before roles were recorded
        return _("Staff at the jobcenter")
    if names_shown or event.actor_type == "helper":
        return _("%(name)s (%(role)s)", name=event.actor_label, role=label(ROLES, role))
    return label(ROLES, role)
