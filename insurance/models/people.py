from django.db import models
from django.utils.translation import gettext_lazy as _

from insurance.identifiers import iin_birth_date, mask_iin, validate_iin, validate_payer_id


class Language(models.TextChoices):
    KK = "kk", "Қазақша"
    RU = "ru", "Русский"
    EN = "en", "English"


class Person(models.Model):
    """A natural person the Fund knows of: an MSHI consumer or someone paid for.

    A payment for an IIN the Fund has not seen yet creates the person with the IIN only; the persons
    register fills in the names and the phone number used for one-time passwords (R4, A1.10).
    """

    iin = models.CharField(_("IIN"), max_length=12, unique=True, validators=[validate_iin])
    last_name = models.CharField(_("last name"), max_length=100, blank=True)
    first_name = models.CharField(_("first name"), max_length=100, blank=True)
    patronymic = models.CharField(_("patronymic"), max_length=100, blank=True)
    phone = models.CharField(_("mobile phone"), max_length=16, blank=True, help_text=_("+7 and 10 digits"))
    language = models.CharField(_("language"), max_length=2, choices=Language.choices, default=Language.KK)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        indexes = [models.Index(fields=["last_name", "first_name"], name="person_name_idx")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(iin__regex=r"^[0-9]{12}$"), name="person_iin_12_digits"
            ),
        ]

    def __str__(self):
        name = self.full_name or _("(name unknown)")  # outside the f-string, where xgettext can see it
        return f"{name} · {mask_iin(self.iin)}"

    @property
    def full_name(self) -> str:
        return " ".join(part for part in (self.last_name, self.first_name, self.patronymic) if part)

    @property
    def birth_date(self):
        return iin_birth_date(self.iin)


class IdentityRecord(models.Model):
    """The local mirror of the state register of individuals (R6).

    The Fund never takes identity data from the applicant: it compares what it holds with this register
    (or, by configuration, asks the e-government gateway directly).
    """

    iin = models.CharField(_("IIN"), max_length=12, unique=True, validators=[validate_iin])
    last_name = models.CharField(_("last name"), max_length=100)
    first_name = models.CharField(_("first name"), max_length=100)
    patronymic = models.CharField(_("patronymic"), max_length=100, blank=True)
    document_valid = models.BooleanField(_("identity document valid"), default=True)
    synced_at = models.DateTimeField(_("synchronised"), auto_now=True)

    class Meta:
        verbose_name = _("state register record")
        verbose_name_plural = _("state register mirror")

    def __str__(self):
        return mask_iin(self.iin)


class PayerKind(models.TextChoices):
    EMPLOYER = "employer", _("employer")
    SOLE_PROPRIETOR = "sole_proprietor", _("sole proprietor")
    INDIVIDUAL = "individual", _("individual")
    STATE = "state", _("state body")


class Payer(models.Model):
    """Who paid: an employer's BIN, an individual's or a sole proprietor's IIN, a state body's BIN."""

    payer_id = models.CharField(_("BIN / IIN"), max_length=12, unique=True, validators=[validate_payer_id])
    name = models.CharField(_("name"), max_length=255, blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=PayerKind.choices, default=PayerKind.EMPLOYER)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("payer")
        verbose_name_plural = _("payers")
        indexes = [models.Index(fields=["name"], name="payer_name_idx")]
        constraints = [
            models.CheckConstraint(condition=models.Q(kind__in=PayerKind.values), name="payer_kind_valid"),
            models.CheckConstraint(
                condition=models.Q(payer_id__regex=r"^[0-9]{12}$"), name="payer_id_12_digits"
            ),
        ]

    def __str__(self):
        return f"{self.name or self.payer_id} ({self.payer_id})"
