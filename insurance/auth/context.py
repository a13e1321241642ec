"""Template context for every page: the logged-in citizen (for the "Log out" button) and demo mode."""

from django.conf import settings
from django.utils.functional import SimpleLazyObject

from insurance.citizens import current_person


def citizen(request):
    return {
        "citizen": SimpleLazyObject(lambda: current_person(request)),
        # DEBUG only: static/js/eds.js may fall back to the demo signer (data-demo-signer on <body>).
        "demo_mode": settings.DEBUG,
    }
