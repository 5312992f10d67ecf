"""Numbers as people type them, in any script. Pure functions.

Phones with an Arabic, Persian or Ukrainian keyboard, and Japanese or Chinese input methods, type
their own digits (٠١٢, ۰۱۲, ０１２); pasting into a right-to-left page adds invisible direction
marks. Every CPR number, code and phone number passes through `ascii_digits` before it is checked
or stored, so "٠٢٠٢٨٥-١٢٣٤" is the same CPR number as "020285-1234".
"""

import unicodedata

MINUS_SIGN = "\u2212"


def ascii_digits(text: str | None) -> str:
    """`text` with every decimal digit as 0-9, every dash as "-" and no invisible format marks."""
    return "".join(_plain(character) for character in text or "")


def _plain(character: str) -> str:
    if character.isascii():
        return character
    if character.isdecimal():  # any script's 0-9 (Unicode category Nd), not ² or ½
        return str(unicodedata.decimal(character))
    category = unicodedata.category(character)
    if category == "Pd" or character == MINUS_SIGN:  # ‐ - ‒ – — ― － and the minus sign
        return "-"
    if category == "Cf":  # left-to-right and right-to-left marks, zero-width spaces and joiners
        return ""
    return character
