"""Arabic-Indic, Persian and full-width digits typed anywhere a number is typed (issue 16): codes
for citizens, helpers and staff; CPR numbers on the login page, in a helper's request, in staff
search and in the import. Each means the same as the ASCII digits."""

import re

from app.extensions import db
from app.models import Citizen, Mandate
from app.models.types import utcnow
from app.notifications import worker
from app.staff.services import search_citizens
from tests.factories import make_citizen, make_helper, make_jobcenter, make_staff
from tests.mandates.support import in_english
from tests.support.forms import submit
from tests.support.login import request_code, send_and_read_code

ARABIC_INDIC = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")
PERSIAN = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")
FULL_WIDTH = str.maketrans("0123456789", "０１２３４５６７８９")


def test_a_citizen_types_the_cpr_number_and_the_code_in_arabic_indic_digits(app, client, twilio):
    citizen = make_citizen(cpr="0202851234", phone="+4520123402")
    db.session.commit()
    response = request_code(client, "020285-1234".translate(ARABIC_INDIC))
    assert response.headers["Location"] == "/log-ind/kode"
    code = send_and_read_code(twilio, citizen.phone)  # the SMS went to the right citizen
    response = submit(client, "/log-ind/kode", {"code": code.translate(ARABIC_INDIC)})
    assert response.headers["Location"] == "/min-side/"


def test_a_helper_types_the_phone_number_and_the_code_in_persian_digits(app, client, twilio):
    submit(in_english(client), "/hjaelper/log-ind", {"phone": "31 31 31 33".translate(PERSIAN)})
    code = send_and_read_code(twilio, "+4531313133")
    response = submit(client, "/hjaelper/log-ind/kode", {"code": code.translate(PERSIAN)})
    assert response.headers["Location"].startswith("/hjaelper/navn")


def test_a_helper_asks_for_access_with_a_cpr_number_in_arabic_indic_digits(app, client, twilio):
    peter = make_citizen(cpr="0101801234")
    helper = make_helper(phone="+4522334455")
    db.session.commit()
    submit(in_english(client), "/hjaelper/log-ind", {"phone": helper.phone})
    submit(client, "/hjaelper/log-ind/kode", {"code": send_and_read_code(twilio, helper.phone)})
    cpr = "010180-1234".translate(ARABIC_INDIC)
    response = submit(client, "/hjaelper/bed-om-adgang", {"cpr": cpr, "scopes": ["view"]})
    assert response.status_code == 302
    [mandate] = db.session.scalars(db.select(Mandate)).all()
    assert (mandate.citizen_id, mandate.helper_id) == (peter.id, helper.id)


def test_staff_type_their_code_in_full_width_digits_and_search_a_cpr_number_in_arabic(app, client, smtp):
    centre = make_jobcenter()
    citizen = make_citizen(centre, name="Ahmad Al-Sayed", cpr="0202851234")
    staff = make_staff(centre, "front_desk")
    db.session.commit()
    submit(client, "/medarbejder/log-ind", {"email": staff.email, "password": "secret-password"})
    worker.run_once()
    code = re.search(r"\b(\d{6})\b", smtp.messages[-1].get_content()).group(1)
    response = submit(client, "/medarbejder/log-ind/kode", {"code": code.translate(FULL_WIDTH)})
    assert response.headers["Location"] == "/medarbejder/"
    # The search itself (its page may change how the query is sent, the rule stays).
    assert search_citizens(staff, "020285-1234".translate(ARABIC_INDIC)) == [citizen]


def test_the_import_reads_a_cpr_number_in_arabic_indic_digits_as_the_same_citizen(app, cli, tmp_path):
    centre = make_jobcenter("kbh")
    make_citizen(centre, cpr="0202851234", name="Ahmad Al-Sayed", phone="+4520123402")
    db.session.commit()
    row = "٠٢٠٢٨٥-١٢٣٤,Ahmad Al-Sayed,٢٠ ١٢ ٣٤ ٠٢,,ar,kontanthjaelp_jobparat,kbh,Vej 2\n"
    path = tmp_path / "citizens.csv"
    path.write_text("cpr,name,phone,email,language,target_group,jobcenter,address\n" + row, encoding="utf-8")
    result = cli.invoke(args=["citizens", "import", str(path)])
    assert result.exit_code == 0, result.output
    assert "0 new, 1 updated" in result.output
    [ahmad] = db.session.scalars(db.select(Citizen)).all()
    assert (ahmad.cpr, ahmad.phone, ahmad.address) == ("0202851234", "+4520123402", "Vej 2")


def test_a_citizen_confirms_a_new_phone_with_the_code_in_arabic_indic_digits(app, client, twilio):
    citizen = make_citizen(phone="+4520111111", phone_verified_at=utcnow())
    db.session.commit()
    request_code(client, citizen.cpr)
    submit(client, "/log-ind/kode", {"code": send_and_read_code(twilio, citizen.phone)})
    new_phone = "20 22 22 22".translate(ARABIC_INDIC)
    submit(client, "/min-side/kontakt/telefon", {"phone-phone": new_phone}, form_page="/min-side/kontakt")
    code = send_and_read_code(twilio, "+4520222222")
    response = submit(client, "/min-side/kontakt/bekraeft", {"code": code.translate(ARABIC_INDIC)})
    assert response.headers["Location"] == "/min-side/kontakt"
    db.session.refresh(citizen)
    assert citizen.phone == "+4520222222"
