"""Writes that follow a successful login (R4, A1.10), and the clean-up of spent authentication records."""

from datetime import timedelta

from django.db import IntegrityError, transaction

from insurance.models import Language, OneTimePassword, Person, SignatureChallenge

from .eds import SignerIdentity
from .security_log import security_event


def person_get_or_create_for_signer(*, identity: SignerIdentity, language: str = Language.KK) -> Person:
    """The person an EDS signer is; created from the certificate when the Fund does not know the IIN yet.

    A citizen with no payments may still look at their status, so an EDS login is enough to exist. The
    names of a known person are never overwritten: the persons register is the Fund's source of them.
    """
    person = Person.objects.filter(iin=identity.iin).first()
    if person is not None:
        return person
    person = Person(
        iin=identity.iin,
        last_name=identity.last_name[:100],
        first_name=identity.first_name[:100],
        patronymic=identity.patronymic[:100],
        language=language if language in Language.values else Language.KK,
    )
    person.full_clean()
    try:
        with transaction.atomic():
            person.save()
    except IntegrityError:  # the same person logged in twice at once: the other request created them
        return Person.objects.get(iin=identity.iin)
    security_event("person.created_from_certificate", iin=identity.iin, serial=identity.certificate_serial)
    return person


@transaction.atomic
def auth_records_purge(*, now, keep_days: int = 1) -> int:
    """Delete one-time passwords and challenges that expired more than ``keep_days`` ago; return how many.

    They are worthless once expired; kept a day for investigating an incident next to the security log.
    """
    cutoff = now - timedelta(days=keep_days)
    codes, _ = OneTimePassword.objects.filter(expires_at__lt=cutoff).delete()
    challenges, _ = SignatureChallenge.objects.filter(expires_at__lt=cutoff).delete()
    return codes + challenges
