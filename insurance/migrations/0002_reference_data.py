"""Seed the reference data the rules need: minimum wages 2020–2026 and the coverage policies.

Sources (DIGEST, "Facts from outside the Rules"): the republican budget laws for the minimum wage; the
Fund's reported practice for grace (3 months; from 2026-01-01, 6 months after 60 consecutive paid months).
Staff change these in admin; the history of every change is kept.
"""

from datetime import date
from decimal import Decimal

from django.db import migrations

MINIMUM_WAGES = {2020: 42500, 2021: 42500, 2022: 60000, 2023: 70000, 2024: 85000, 2025: 85000, 2026: 85000}
POLICIES = [
    {"effective_from": date(2020, 1, 1), "grace_months": 3},
    {
        "effective_from": date(2026, 1, 1),
        "grace_months": 3,
        "long_payer_months": 60,
        "long_payer_grace_months": 6,
    },
]


def seed(apps, schema_editor):
    MinimumWage = apps.get_model("insurance", "MinimumWage")
    CoveragePolicy = apps.get_model("insurance", "CoveragePolicy")
    for year, amount in MINIMUM_WAGES.items():
        MinimumWage.objects.get_or_create(year=year, defaults={"amount": Decimal(amount)})
    for policy in POLICIES:
        CoveragePolicy.objects.get_or_create(
            effective_from=policy["effective_from"],
            defaults={"arrears_window_months": 12, "arrears_rate": Decimal("0.05"), **policy},
        )


def unseed(apps, schema_editor):
    apps.get_model("insurance", "MinimumWage").objects.filter(year__in=MINIMUM_WAGES).delete()
    apps.get_model("insurance", "CoveragePolicy").objects.filter(
        effective_from__in=[p["effective_from"] for p in POLICIES]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("insurance", "0001_initial")]
    operations = [migrations.RunPython(seed, unseed)]
