"""Demo complaints so the reviewer queue has work (appended to settings.DEMO_SEEDERS).

Filed, assigned, decided and forwarded through the same services as real ones, at moments counted back
in working days from today, so the deadlines are real: one new Fund-route complaint, one reviewing-body
complaint due the next working day (for the reviewer to forward), one overdue, one decided, one already
with the reviewing body (for the inspector). Running it again adds nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time, timedelta

from django.contrib.auth import get_user_model
from django.utils import timezone

from complaints import services
from complaints.deadlines import previous_working_day
from complaints.models import Complaint, Decision, Route, Subject
from insurance.demo import PEOPLE
from insurance.models import Person, StatementRequest
from insurance.working_time import ALMATY, working_calendar


@dataclass(frozen=True)
class DemoComplaint:
    person: str  # insurance.demo.PEOPLE key
    route: Route
    subject: Subject
    days_ago: int  # working days before today it was filed (0: now)
    text: str
    story: str
    assign_to: str = ""
    decide: tuple[Decision, str] | None = None
    forward_days_ago: int | None = None


COMPLAINTS = [
    DemoComplaint(
        "employee",
        Route.FUND_HEAD,
        Subject.INACTION,
        0,
        "Мен 2024 жылғы наурыз айы үшін жұмыс берушінің аударымын көрмеймін, бірақ жалақы төленген. "
        "Аударымның қайда екенін тексеруіңізді сұраймын.",
        "Fund route, new",
    ),
    DemoComplaint(
        "self_payer",
        Route.REVIEWING_BODY,
        Subject.DECISION,
        2,
        "Выписка показывает, что я не являюсь потребителем, хотя я оплатил взносы за последние три месяца. "
        "Прошу пересмотреть статус и передать жалобу в уполномоченный орган.",
        "reviewing-body route, to be forwarded by the next working day",
    ),
    DemoComplaint(
        "lapsed",
        Route.FUND_HEAD,
        Subject.ACTION,
        8,
        "The statement lists my last employer's deductions under the wrong months. "
        "I ask the Fund to correct the periods.",
        "Fund route, overdue",
        assign_to="reviewer2",
    ),
    DemoComplaint(
        "pensioner",
        Route.FUND_HEAD,
        Subject.DECISION,
        4,
        "Зейнеткер ретінде мемлекет мен үшін жарна төлейді, бірақ үзінді көшірмеде бұл туралы мәлімет толық емес.",
        "Fund route, decided (partly satisfied)",
        assign_to="reviewer",
        decide=(
            Decision.PARTLY_SATISFIED,
            "Мемлекет төлеген жарналар үзінді көшірмеде көрсетілген. Санат туралы жазба түзетілді; "
            "бұрынғы кезеңдер бойынша өтініш негізсіз.",
        ),
    ),
    DemoComplaint(
        "proprietor",
        Route.REVIEWING_BODY,
        Subject.ACTION,
        5,
        "Возврат излишне уплаченного взноса отражён в выписке с опозданием на два месяца. "
        "Прошу рассмотреть жалобу уполномоченным органом.",
        "reviewing-body route, forwarded (for the inspector)",
        assign_to="reviewer",
        forward_days_ago=2,
    ),
]


def _working_days_back(days: int, at: time) -> datetime:
    calendar = working_calendar()
    day = timezone.localdate()
    if not calendar.is_working_day(day):
        day = previous_working_day(calendar, day)
    for _ in range(days):
        day = previous_working_day(calendar, day)
    return datetime.combine(day, at, tzinfo=ALMATY)


def _file(demo: DemoComplaint) -> Complaint:
    person = Person.objects.get(iin=next(p.iin for p in PEOPLE if p.key == demo.person))
    submitted_at = timezone.now() if demo.days_ago == 0 else _working_days_back(demo.days_ago, time(11))
    # About the person's latest request made before the complaint, if there is one.
    about = StatementRequest.objects.filter(person=person, submitted_at__lte=submitted_at).order_by(
        "-submitted_at"
    )
    complaint = services.complaint_file(
        person=person,
        route=demo.route,
        subject=demo.subject,
        text=demo.text,
        statement_request=about.first(),
        submitted_at=submitted_at,
    )
    User = get_user_model()
    if demo.assign_to:
        reviewer = User.objects.get(username=demo.assign_to)
        at = max(complaint.registered_at + timedelta(hours=1), submitted_at)
        complaint = services.complaint_assign(complaint=complaint, actor=reviewer, assignee=reviewer, now=at)
    if demo.decide:
        decision, reasons = demo.decide
        complaint = services.complaint_decide(
            complaint=complaint,
            actor=complaint.assignee,
            decision=decision,
            reasons=reasons,
            now=_working_days_back(demo.days_ago - 2, time(15)),
        )
    if demo.forward_days_ago is not None:
        complaint = services.complaint_forward(
            complaint=complaint,
            actor=complaint.assignee,
            now=_working_days_back(demo.forward_days_ago, time(12)),
        )
    return complaint


def seed() -> dict:
    """File the demo complaints not filed yet; returns what to print (numbers and stories, nothing secret)."""
    lines = []
    for demo in COMPLAINTS:
        existing = Complaint.objects.filter(text=demo.text).first()
        complaint = existing or _file(demo)
        lines.append(f"{complaint.number}  {demo.story}")
    return {"complaints (reviewer queue at http://127.0.0.1:8000/complaints/queue/)": lines}
