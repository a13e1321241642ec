"""Small helpers shared by tests."""

from django.utils import timezone

from insurance.citizens import AT_KEY, METHOD_KEY, SESSION_KEY


def log_in_citizen(client, person, method="otp"):
    """Put ``person`` in the test client's session as a logged-in citizen."""
    session = client.session
    session[SESSION_KEY] = person.pk
    session[METHOD_KEY] = method
    session[AT_KEY] = timezone.now().isoformat()
    session.save()
