"""R6: identity data checked against the state register — the local mirror or the e-government gateway."""

import pytest

from insurance.identity import (
    HttpGatewayProvider,
    IdentityUnavailable,
    LocalMirrorProvider,
    RegisterEntry,
    compare,
    identity_check,
)
from insurance.models import Person
from tests.insurance.statement_helpers import gateway_fixture, make_citizen  # noqa: F401 - a fixture

PERSON = Person(iin="900315401015", last_name="Сұлтанов", first_name="Арман", patronymic="Болатұлы")


def test_matching_names_and_a_valid_document_pass():
    check = compare(PERSON, RegisterEntry("СҰЛТАНОВ", " Арман ", "Болатұлы"))
    assert check.matches  # case and spacing are presentation


def test_one_different_letter_is_a_mismatch():
    check = compare(PERSON, RegisterEntry("Султанов", "Арман", "Болатұлы"))
    assert not check.matches and check.differing_fields == ("last_name",)


def test_no_register_record_or_an_invalid_document_is_a_mismatch():
    assert compare(PERSON, None).not_found
    check = compare(PERSON, RegisterEntry("Сұлтанов", "Арман", "Болатұлы", document_valid=False))
    assert not check.matches and check.document_invalid and check.differing_fields == ()


@pytest.mark.django_db
def test_the_local_mirror_is_the_default_provider():
    person = make_citizen()
    assert isinstance(LocalMirrorProvider().lookup(person.iin), RegisterEntry)
    assert identity_check(person).matches


def test_the_gateway_adapter_asks_with_the_iin_in_the_body_never_in_the_url(gateway):
    gateway.records[PERSON.iin] = {"last_name": "Сұлтанов", "first_name": "Арман", "patronymic": "Болатұлы"}
    assert identity_check(PERSON).matches
    path, authorization, body = gateway.seen[0]
    assert PERSON.iin not in path and body == {"iin": PERSON.iin}
    assert authorization == "Bearer gateway-token"


def test_the_gateway_saying_not_found_is_a_mismatch(gateway):
    assert HttpGatewayProvider().lookup(PERSON.iin) is None
    assert identity_check(PERSON).not_found


def test_a_gateway_that_fails_is_a_transient_error_not_a_refusal(gateway, settings):
    gateway.status = 503
    with pytest.raises(IdentityUnavailable):
        identity_check(PERSON)
    settings.IDENTITY_GATEWAY_URL = "http://127.0.0.1:9/unreachable"
    with pytest.raises(IdentityUnavailable):
        identity_check(PERSON)
