"""Who the citizen in this session is: the cabinet's login state, kept apart from staff accounts.

A citizen is a ``Person``, not a ``User``: the session holds the person's id after a successful SMS-code
or EDS login (R4, A1.10). Views use ``citizen_required`` and ``current_person``.
"""

from functools import wraps

from django.conf import settings
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode

from insurance.models import Person

SESSION_KEY = "citizen_person_id"
METHOD_KEY = "citizen_login_method"
AT_KEY = "citizen_login_at"


def login_citizen(request, person: Person, *, method: str) -> None:
    """Start a citizen session; the session key changes so a planted one is worthless (fixation)."""
    request.session.cycle_key()
    request.session[SESSION_KEY] = person.pk
    request.session[METHOD_KEY] = method
    request.session[AT_KEY] = timezone.now().isoformat()
    request.session.set_expiry(settings.CITIZEN_SESSION_IDLE_SECONDS)
    request._citizen = person


def logout_citizen(request) -> None:
    request.session.flush()
    request._citizen = None


def current_person(request) -> Person | None:
    if not hasattr(request, "_citizen"):
        person_id = request.session.get(SESSION_KEY)
        request._citizen = Person.objects.filter(pk=person_id).first() if person_id else None
    return request._citizen


def citizen_required(view):
    """Let in only a logged-in citizen; anyone else goes to the login page and comes back after."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if current_person(request) is None:
            query = urlencode({REDIRECT_FIELD_NAME: request.get_full_path()})
            return redirect(f"{reverse(settings.CITIZEN_LOGIN_URL)}?{query}")
        # Sliding expiry: 15 minutes after the last request, not after login.
        request.session.set_expiry(settings.CITIZEN_SESSION_IDLE_SECONDS)
        return view(request, *args, **kwargs)

    return wrapper
