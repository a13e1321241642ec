"""What the benchmark serves: a statement assembled from the database (JSON and HTML) and a trivial view.

Assembly is what ``statement_issue`` does before it stores anything (A2): the assessment on today's date and
one person's receipts, as rows; the HTML is the statement's own template. Both are served by the same
Django stack as the trivial view, so their ratio is the cost of the statement itself.
"""

from django.http import HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from insurance.coverage import assess_person
from insurance.models import ConsumerStatus, Person, Statement
from insurance.statements.documents import STATEMENT_TEMPLATE, statement_context
from insurance.statements.snapshot import assessment_snapshot, load_receipts, statement_rows


def trivial(request):
    return HttpResponse("ok", content_type="text/plain")


def assemble(person: Person) -> Statement:
    """An unsaved statement of the person's whole history, as the statement service builds it."""
    now = timezone.now()
    assessment = assess_person(person, timezone.localdate(now))
    return Statement(
        person=person,
        issued_at=now,
        language="kk",
        full_name=person.full_name,
        iin=person.iin,
        status=ConsumerStatus.CONSUMER if assessment.is_consumer else ConsumerStatus.NOT_CONSUMER,
        rows=statement_rows(load_receipts(person, None, None)),
        assessment=assessment_snapshot(assessment),
        number="ST-BENCH",
        verification_code="BENCHBENCHBENCH0",
    )


def statement_json(request, person_id: int):
    statement = assemble(get_object_or_404(Person, pk=person_id))
    return JsonResponse(
        {
            "number": statement.number,
            "issued_at": statement.issued_at.isoformat(),
            "issued_to": {"full_name": statement.full_name, "iin": statement.iin},
            "status": statement.status,
            "rows": statement.rows,
        }
    )


def statement_html(request, person_id: int):
    statement = assemble(get_object_or_404(Person, pk=person_id))
    return render(request, STATEMENT_TEMPLATE, statement_context(statement))
