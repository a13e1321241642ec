from datetime import date

import pytest
from django.core.exceptions import ValidationError

from insurance.identifiers import (
    check_digit,
    iin_birth_date,
    is_bin,
    is_iin,
    make_bin,
    make_iin,
    mask_iin,
    validate_bin,
    validate_iin,
    validate_payer_id,
)

# Computed by hand with the published algorithm (weights 1..11, fallback 3..11,1,2).
VALID_IINS = ["900315401015", "850702301020", "571120401037", "190508501051", "960229301072"]
VALID_BINS = [make_bin(date(2008, 4, 1), serial=11), make_bin(date(2015, 9, 1), serial=12)]


@pytest.mark.parametrize("iin", VALID_IINS)
def test_it_accepts_valid_iins(iin):
    assert validate_iin(iin) == iin
    assert is_iin(iin)


@pytest.mark.parametrize("iin", VALID_IINS)
def test_it_refuses_every_other_check_digit(iin):
    for digit in "0123456789":
        if digit != iin[11]:
            assert not is_iin(iin[:11] + digit)


@pytest.mark.parametrize("tampered", ["900315401115", "850702302020", "850702301120", "571120401137"])
def test_it_refuses_a_mistyped_serial(tampered):
    with pytest.raises(ValidationError) as error:
        validate_iin(tampered)
    assert error.value.code == "checksum"


def test_it_refuses_swapped_adjacent_digits():
    iin = "900315401015"
    swapped = iin[:8] + iin[9] + iin[8] + iin[10:]
    assert swapped != iin
    with pytest.raises(ValidationError) as error:
        validate_iin(swapped)
    assert error.value.code == "checksum"


def test_the_check_digit_uses_the_fallback_weights_when_the_first_sum_gives_10():
    # 11 digits whose first weighted sum is 10 mod 11: the fallback weights decide.
    body = next(
        f"{n:011d}"
        for n in range(10**10, 10**10 + 10_000)
        if sum(int(d) * w for d, w in zip(f"{n:011d}", range(1, 12), strict=True)) % 11 == 10
    )
    fallback = sum(int(d) * w for d, w in zip(body, (3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2), strict=True)) % 11
    assert check_digit(body) == (None if fallback == 10 else fallback)


def test_a_number_whose_fallback_sum_is_10_can_never_be_valid():
    body = next(
        f"{n:011d}"
        for n in range(10**10, 10**10 + 200_000)
        if sum(int(d) * w for d, w in zip(f"{n:011d}", range(1, 12), strict=True)) % 11 == 10
        and sum(int(d) * w for d, w in zip(f"{n:011d}", (3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2), strict=True))
        % 11
        == 10
    )
    assert check_digit(body) is None
    assert not any(is_iin(body + str(d)) or is_bin(body + str(d)) for d in range(10))


@pytest.mark.parametrize(
    "value, code",
    [
        ("90031540101", "format"),
        ("9003154010155", "format"),
        ("90031540101a", "format"),
        ("９００３１５４０１０１５", "format"),  # full-width digits are not ASCII digits
        ("900315701015", "century"),
        ("900315001015", "century"),
        ("901315401015", "birth_date"),
        ("900230401015", "birth_date"),
        ("900315401016", "checksum"),
    ],
)
def test_it_explains_why_an_iin_is_wrong(value, code):
    with pytest.raises(ValidationError) as error:
        validate_iin(value)
    assert error.value.code == code


def test_it_refuses_non_strings():
    with pytest.raises(ValidationError):
        validate_iin(900315401015)


def test_the_birth_date_and_century_come_from_the_iin():
    assert iin_birth_date("900315401015") == date(1990, 3, 15)
    assert iin_birth_date("190508501051") == date(2019, 5, 8)
    assert iin_birth_date("960229301072") == date(1996, 2, 29)


@pytest.mark.parametrize("bin_", VALID_BINS)
def test_it_accepts_valid_bins_and_refuses_them_as_iins(bin_):
    assert validate_bin(bin_) == bin_
    assert validate_payer_id(bin_) == bin_
    assert not is_iin(bin_)


def test_it_refuses_a_bin_with_a_wrong_entity_type_or_check_digit():
    bin_ = VALID_BINS[0]
    with pytest.raises(ValidationError) as error:
        validate_bin(bin_[:4] + "7" + bin_[5:])
    assert error.value.code == "entity_type"
    with pytest.raises(ValidationError) as error:
        validate_bin(bin_[:11] + str((int(bin_[11]) + 1) % 10))
    assert error.value.code == "checksum"


def test_a_payer_may_be_an_iin_but_not_garbage():
    assert validate_payer_id("900315401015") == "900315401015"
    with pytest.raises(ValidationError):
        validate_payer_id("123456789012")


def test_made_identifiers_are_valid():
    for serial in range(1, 300):
        assert is_iin(make_iin(date(2001, 12, 31), female=True, serial=serial))
        assert is_bin(make_bin(date(2020, 2, 1), serial=serial))


def test_masking_keeps_only_the_ends():
    assert mask_iin("900315401015") == "9003******15"
