"""SMS, e-mail and letters: the outbox, the providers behind it, message texts and webhooks."""
