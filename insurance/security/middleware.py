"""One middleware for what every page with personal data needs (Personal Data Law art. 8):

1. Staff whose account requires the second factor (TOTP) reach the admin, the reviewers' queue and the
   access-log export only after entering a code (``two_factor.needs_second_factor``).
2. Pages with personal data are never cached (``Cache-Control: no-store``) and every answer carries the
   Permissions-Policy (the rest of the headers come from SecurityMiddleware and django-csp).
3. Reads of a person's data through the admin and the complaint pages are written to the access log
   (``access_audit.record_read``); the cabinet's statement views write it themselves.
"""

from __future__ import annotations

from django.conf import settings
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.utils.http import urlencode

from . import access_audit, two_factor


class PersonalDataMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if two_factor.needs_second_factor(request):
            query = urlencode({"next": request.get_full_path()})
            return redirect(f"{reverse('security:two_factor')}?{query}")
        response = self.get_response(request)
        if request.path.startswith(settings.NO_STORE_PATH_PREFIXES):
            add_never_cache_headers(response)
        response.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        access_audit.record_read(request, response)
        return response
