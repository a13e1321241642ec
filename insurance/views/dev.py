"""DEBUG-only developer pages: the SMS outbox and the demo EDS signer. Both answer 404 unless DEBUG is on,
so a production portal has neither (they would show one-time codes and sign as anyone)."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import Http404, JsonResponse
from django.shortcuts import render
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from insurance.auth.demo_signer import demo_sign
from insurance.auth.eds import EdsError
from insurance.citizens import current_person
from insurance.identifiers import validate_iin
from insurance.sms import read_outbox


def _debug_only():
    if not settings.DEBUG:
        raise Http404


@never_cache
@require_GET
def outbox(request):
    """The SMS messages sent, newest first: the demo works with no phone (issue 3)."""
    _debug_only()
    sms = [
        {"sent_at": parse_datetime(message.sent_at), "phone": message.phone, "text": message.text}
        for message in read_outbox(limit=50)
    ]
    return render(request, "insurance/dev/outbox.html", {"sms": sms})


@never_cache
@require_POST
def eds_sign(request):
    """Sign ``xml`` as the person with ``iin`` (default: the logged-in citizen), like NCALayer would."""
    _debug_only()
    iin = "".join(request.POST.get("iin", "").split())
    if not iin and (person := current_person(request)) is not None:
        iin = person.iin
    try:
        validate_iin(iin)
    except ValidationError as error:
        return JsonResponse(
            {"error": _("Enter a valid 12-digit IIN.") + " " + " ".join(error.messages)}, status=400
        )
    try:
        signed = demo_sign(xml=request.POST.get("xml", ""), iin=iin)
    except EdsError as error:
        return JsonResponse({"error": str(error)}, status=400)
    return JsonResponse({"signed_xml": signed})
