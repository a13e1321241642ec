"""The access log: who read whose personal data, when and from where (Personal Data Law art. 8)."""

from django.db import transaction

from insurance.auth.limits import client_address
from insurance.citizens import current_person
from insurance.identifiers import mask_iin
from insurance.models import AccessLog, Person


def _actor(request, *, as_staff: bool) -> tuple[object | None, str]:
    # In the cabinet the reader is the citizen of the session, even if the browser also has a staff login;
    # on staff pages (admin, reviewers' queue) it is the staff account.
    viewer = None if as_staff else current_person(request)
    if viewer is not None:
        return None, f"{viewer.full_name} ({mask_iin(viewer.iin)})".strip()
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return user, user.get_username()
    return None, "anonymous"


@transaction.atomic
def access_log_record(
    *, subject: Person, what: str, object_ref: str, request, as_staff: bool = False
) -> AccessLog:
    """Record that the person in ``request`` (a citizen or a staff member) opened ``subject``'s data."""
    user, label = _actor(request, as_staff=as_staff)
    return AccessLog.objects.create(
        subject=subject,
        what=what,
        object_ref=str(object_ref)[:64],
        user=user,
        actor_label=label[:150],
        ip_address=client_address(request),
    )
