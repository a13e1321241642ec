"""/cabinet/access/ — "who viewed my data": the citizen's own access log (Personal Data Law art. 8).

Every read of the person's statements, payments, status or complaints — by the person, by Fund staff, by
a reviewer — is listed with when, who and what. Staff addresses are not shown; the person's own are.
"""

from __future__ import annotations

from django.core.paginator import Paginator
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from insurance.citizens import citizen_required, current_person
from insurance.models import AccessLog

PAGE_SIZE = 50


@never_cache
@require_GET
@citizen_required
def access_log(request):
    person = current_person(request)
    entries = AccessLog.objects.filter(subject=person).select_related("user").order_by("-at", "-pk")
    page = Paginator(entries, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "insurance/access/list.html", {"page": page})
