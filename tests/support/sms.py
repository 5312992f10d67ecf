"""Send the portal an inbound SMS the way Twilio does: form fields signed with the auth token."""

import itertools

from twilio.request_validator import RequestValidator

from tests.support.twilio_stub import AUTH_TOKEN

INBOUND_URL = "http://127.0.0.1:5000/webhooks/twilio/sms"
_sids = itertools.count(1)


def reply_sms(client, sender: str, body: str, token: str = AUTH_TOKEN, sid: str | None = None):
    form = {"MessageSid": sid or f"SMin{next(_sids):030d}", "From": sender, "To": "+4570000000", "Body": body}
    signature = RequestValidator(token).compute_signature(INBOUND_URL, form)
    return client.post("/webhooks/twilio/sms", data=form, headers={"X-Twilio-Signature": signature})
