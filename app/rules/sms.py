"""How many SMS segments a text takes: GSM-7 (160, or 153 when split) or UCS-2 (70, or 67)."""

GSM7_BASIC = set(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
GSM7_EXTENDED = set("^{}\\[~]|€\f")  # each takes two septets


def segments(text: str) -> int:
    """Number of segments `text` is sent as."""
    if all(ch in GSM7_BASIC or ch in GSM7_EXTENDED for ch in text):
        units = sum(2 if ch in GSM7_EXTENDED else 1 for ch in text)
        single, multi = 160, 153
    else:
        units = sum(2 if ord(ch) > 0xFFFF else 1 for ch in text)  # UTF-16 code units
        single, multi = 70, 67
    if units <= single:
        return 1
    return -(-units // multi)


NAME_ROOM = 32  # characters a name may take in an SMS; the texts are measured with this


def short_name(name: str) -> str:
    """A name that fits the room the SMS texts leave for it: the first and last name when the
    whole is too long, cut at NAME_ROOM characters as a last resort."""
    name = " ".join(name.split())
    if len(name) > NAME_ROOM and " " in name:
        first, *_middle, last = name.split(" ")
        name = f"{first} {last}"
    return name[:NAME_ROOM]
