"""Citizens log in with their CPR number and a one-time code sent to their phone or e-mail."""
