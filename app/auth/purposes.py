"""The messages of logging in: the one-time code and the letter with a setup code.

Declared once here (app/notifications/purposes.py says how); plug_in declares them."""

from flask_babel import lazy_gettext as _l

from app.notifications.purposes import Purpose
from app.notifications.texts import MessageText

LOGIN_CODE = Purpose(
    "login_code",
    label=_l("Login code"),
    text=MessageText(
        sms=_l("Borgerportal code: %(code)s. It works for 10 minutes. Never give it to anyone."),
        subject=_l("Your login code for Borgerportal"),
        email=_l(
            "Your login code is %(code)s.\n\n"
            "It works for 10 minutes. Never give it to anyone, not even someone who says they are "
            "from the jobcenter.\n\n"
            "Did you not ask for a code? Then you can ignore this message."
        ),
    ),
    someone_waits=True,
    code=True,
    by_letter=False,  # a code lives 10 minutes: on paper it arrives dead
)

CODE_LETTER = Purpose(
    "code_letter",
    label=_l("Letter with a login code"),
    text=MessageText(
        subject=_l("Your code for Borgerportal"),
        email=_l(
            "Here is your one-time code for Borgerportal. Use it with your CPR number at %(url)s "
            "before %(valid_until)s. The code works once.\n\n"
            "If you did not ask for this letter, call the jobcenter on %(phone)s."
        ),
    ),
    code=True,
)

PURPOSES = (
    LOGIN_CODE,
    CODE_LETTER,
)
