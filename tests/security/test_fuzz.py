"""Bad input (issue 7): random and mutated input never crashes the portal and never half-writes.

- The register importer (DESIGN contract): a file imports whole or not at all — any bad line and nothing
  of the file is written, whatever the bytes in it.
- The public forms (login IIN, the statement request, the complaint): a form error or a clear refusal,
  never a server error (500).
"""

from __future__ import annotations

import io
import uuid
from datetime import date

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from insurance.identifiers import make_bin
from insurance.models import CategoryMembership, Payer, Payment, Person, Refund
from tests.helpers import log_in_citizen
from tests.insurance.statement_helpers import make_citizen

FUZZ = settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    derandomize=True,  # the same examples on every run: a failure in CI is reproducible
)
IIN = "900315401015"
EMPLOYER = make_bin(date(2008, 4, 1), serial=11)
HEADER = "external_id,paid_on,iin,amount,kind,period,payer_id,payer_name"

cell = st.one_of(
    st.text(max_size=30),
    st.sampled_from(
        ["", "0", "-1", "1e9", "NaN", "2026-13-01", "2026-02-30", "9" * 40, "𝟘𝟙", "\x00", '"', "a,b"]
    ),
    st.integers(min_value=-(10**15), max_value=10**15).map(str),
    st.decimals(allow_nan=True, allow_infinity=True).map(str),
)


def good_line(n: int, tag: str) -> list[str]:
    return [f"F-{tag}-{n}", "2026-02-10", IIN, "9600.00", "deduction", "2026-01", EMPLOYER, "Алатау ЖШС"]


@st.composite
def payment_files(draw):
    """A few good lines, then one line with some cells replaced by anything, or random raw text."""
    tag = uuid.uuid4().hex[:8]
    lines = [good_line(n, tag) for n in range(draw(st.integers(0, 3)))]
    mutated = good_line(99, tag)
    for index in draw(st.lists(st.integers(0, len(mutated) - 1), max_size=4)):
        mutated[index] = draw(cell)
    rows = [",".join(line) for line in lines]
    rows.insert(draw(st.integers(0, len(rows))), ",".join(mutated))
    if draw(st.booleans()):
        rows.append(draw(st.text(max_size=80)))
    return HEADER + "\n" + "\n".join(rows) + "\n"


def counts():
    return tuple(m.objects.count() for m in (Person, Payer, Payment, Refund, CategoryMembership))


@pytest.mark.django_db
@FUZZ
@given(text=payment_files())
def test_the_importer_writes_a_file_whole_or_not_at_all(tmp_path_factory, text):
    path = tmp_path_factory.mktemp("fuzz") / "payments.csv"
    path.write_text(text, encoding="utf-8", errors="surrogatepass")
    before = counts()
    good_rows = text.count(",deduction,2026-01,")  # an upper bound of the lines that could be written
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("import_register", "--kind", "payments", str(path), stdout=out, stderr=err)
        code = 0
    except SystemExit as exit_:
        code = exit_.code
    except CommandError:
        code = "command error"
    after = counts()
    if code != 0:
        assert after == before, f"a refused file wrote something:\n{text}"
        assert "line " in err.getvalue() or code == "command error"
    else:
        assert after[2] - before[2] <= good_rows + 1


@pytest.mark.django_db
@FUZZ
@given(raw=st.binary(max_size=300))
def test_the_importer_refuses_random_bytes_cleanly(tmp_path_factory, raw):
    path = tmp_path_factory.mktemp("bytes") / "register.csv"
    path.write_bytes(HEADER.encode() + b"\n" + raw)
    before = counts()
    try:
        call_command(
            "import_register", "--kind", "payments", str(path), stdout=io.StringIO(), stderr=io.StringIO()
        )
    except (SystemExit, CommandError):
        assert counts() == before


# --- Public forms ---------------------------------------------------------------------------------------

junk = st.one_of(
    st.text(max_size=200),
    st.sampled_from(
        ["", " ", "900315401015", "9003154010150", "<script>alert(1)</script>", "' OR 1=1 --", "\x00"]
    ),
)


def _post(client, url, data):
    clean = {k: v.replace("\x00", "") if isinstance(v, str) else v for k, v in data.items()}
    response = client.post(url, clean)
    assert response.status_code < 500, (url, data, response.status_code)
    return response


@pytest.fixture
def anonymous(seeded):
    return Client(raise_request_exception=False)


@FUZZ
@given(iin=junk, action=st.sampled_from(["send", "verify", "resend", "restart", "", "x"]))
def test_the_login_iin_form_never_fails_with_a_server_error(anonymous, iin, action):
    _post(anonymous, "/cabinet/login/sms/", {"iin": iin, "action": action})


@pytest.fixture
def citizen_client(seeded):
    client = Client(raise_request_exception=False)
    log_in_citizen(client, make_citizen(serial=7))
    return client


@FUZZ
@given(
    consent=st.sampled_from(["on", "", "yes", "0", "\u202e"]),
    scope=st.one_of(st.sampled_from(["last12", "all", "months"]), st.text(max_size=10)),
    period_from=junk,
    period_to=junk,
    language=st.one_of(st.sampled_from(["kk", "ru", "en"]), st.text(max_size=5)),
    method=st.one_of(st.sampled_from(["otp", "eds"]), st.text(max_size=5)),
)
def test_the_request_form_never_fails_with_a_server_error(
    citizen_client, consent, scope, period_from, period_to, language, method
):
    data = {"consent": consent, "scope": scope, "period_from": period_from, "period_to": period_to}
    data.update({"language": language, "method": method})
    _post(citizen_client, "/cabinet/requests/new/", data)


@FUZZ
@given(
    route=st.one_of(st.sampled_from(["fund", "body"]), st.text(max_size=20)),
    subject=st.one_of(st.sampled_from(["decision", "action", "inaction"]), st.text(max_size=20)),
    text=st.one_of(st.text(max_size=300), st.text(min_size=5000, max_size=5100)),
    statement_request=junk,
)
def test_the_complaint_form_never_fails_with_a_server_error(
    citizen_client, route, subject, text, statement_request
):
    from complaints.models import Complaint

    before = Complaint.objects.count()
    response = _post(
        citizen_client,
        "/cabinet/complaints/new/",
        {"route": route, "subject": subject, "text": text, "statement_request": statement_request},
    )
    if response.status_code != 302:  # refused: nothing filed
        assert Complaint.objects.count() == before
