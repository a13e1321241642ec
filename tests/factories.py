"""Factories with explicit values for what a test is about (CONVENTIONS 9)."""

from datetime import date
from decimal import Decimal

import factory

from insurance.identifiers import make_bin, make_iin
from insurance.models import Payer, PayerKind, Payment, PaymentKind, PaymentRegister, Person, RegisterKind


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    iin = factory.Sequence(lambda n: make_iin(date(1980 + n % 30, 1 + n % 12, 1 + n % 28), serial=n + 1))
    last_name = "Тестова"
    first_name = "Айнұр"
    patronymic = ""
    phone = factory.Sequence(lambda n: f"+7700{n:07d}")


class PayerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Payer
        django_get_or_create = ("payer_id",)

    payer_id = factory.Sequence(lambda n: make_bin(date(2010, 1 + n % 12, 1), serial=n + 1))
    name = "Employer LLP"
    kind = PayerKind.EMPLOYER


class RegisterFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PaymentRegister

    sha256 = factory.Sequence(lambda n: f"{n:064x}")
    kind = RegisterKind.PAYMENTS
    file_name = "test.csv"
    status = "imported"


class PaymentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Payment

    person = factory.SubFactory(PersonFactory)
    payer = factory.SubFactory(PayerFactory)
    paid_on = date(2026, 1, 10)
    amount = Decimal("4250.00")
    kind = PaymentKind.CONTRIBUTION
    period = date(2025, 12, 1)
    register = factory.SubFactory(RegisterFactory)
    external_id = factory.Sequence(lambda n: f"P-{n:08d}")


STAFF_PASSWORD = "x-test-password-1"


def make_staff(username: str, group: str | None = None, *, last_name: str = "Staff", **extra):
    """A staff account in one of the groups the data migrations create (``insurance.roles``)."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    user = get_user_model().objects.create_user(
        username=username,
        password=STAFF_PASSWORD,
        first_name=username.capitalize(),
        last_name=last_name,
        email=f"{username}@fund.example.kz",
        is_staff=True,
        **extra,
    )
    if group:
        user.groups.add(Group.objects.get(name=group))
    return user


def seed_reference_data() -> None:
    """Put back what the data migrations seed (minimum wages, coverage policies, staff groups and their
    permissions): a transactional test that ran earlier flushed them."""
    from importlib import import_module

    from django.apps import apps

    import_module("insurance.migrations.0002_reference_data").seed(apps, None)
    import_module("insurance.migrations.0003_staff_groups").assign_groups(apps)
    import_module("complaints.migrations.0002_reviewer_permissions").assign_permissions(apps)
