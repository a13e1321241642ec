"""API keys of system clients, what each key created, and the answers kept for ``Idempotency-Key``.

A key is shown once and stored as its SHA-256; the prefix finds it. Everything a key creates — a statement
request (R4, R8) or a register upload — is linked to it, and another key gets a 404 for it (CONVENTIONS 7).
"""

import uuid

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from insurance.models import PaymentRegister, StatementRequest


class Scope(models.TextChoices):
    STATEMENTS_WRITE = "statements:write", _("create statement requests")
    STATEMENTS_READ = "statements:read", _("read statement requests and statements")
    ELIGIBILITY_READ = "eligibility:read", _("check whether a person is an MSHI consumer")
    REGISTERS_WRITE = "registers:write", _("upload registers and read their status")
    MONITORING_READ = "monitoring:read", _("read the service-stage events (R9)")


class ApiKey(models.Model):
    name = models.CharField(
        _("name"), max_length=100, help_text=_("the system client, e.g. the e-gov gateway")
    )
    prefix = models.CharField(_("prefix"), max_length=16, unique=True, editable=False)
    hashed_key = models.CharField(_("SHA-256 of the key"), max_length=64, unique=True, editable=False)
    scopes = models.JSONField(_("scopes"), default=list)
    rate_limit_per_minute = models.PositiveIntegerField(_("requests per minute"), default=600)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)

    class Meta:
        verbose_name = _("API key")
        verbose_name_plural = _("API keys")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(condition=Q(rate_limit_per_minute__gte=1), name="api_key_rate_positive"),
        ]

    def __str__(self):
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None

    def has_scope(self, scope: str) -> bool:
        return scope in (self.scopes or [])


class ApiStatementRequest(models.Model):
    """Which key sent a statement request: only that key may read it and its documents."""

    request = models.OneToOneField(
        StatementRequest, verbose_name=_("request"), on_delete=models.PROTECT, related_name="api_link"
    )
    api_key = models.ForeignKey(ApiKey, verbose_name=_("API key"), on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("statement request sent through the API")
        verbose_name_plural = _("statement requests sent through the API")

    def __str__(self):
        return f"{self.request_id} ← {self.api_key_id}"


class ApiRegisterUpload(models.Model):
    """A register uploaded through the API; the UUID is its public identifier (never the sequential id)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    register = models.OneToOneField(
        PaymentRegister, verbose_name=_("register"), on_delete=models.PROTECT, related_name="api_upload"
    )
    api_key = models.ForeignKey(ApiKey, verbose_name=_("API key"), on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("uploaded"), auto_now_add=True)

    class Meta:
        verbose_name = _("register uploaded through the API")
        verbose_name_plural = _("registers uploaded through the API")

    def __str__(self):
        return str(self.id)


class IdempotencyRecord(models.Model):
    """The first successful answer to a POST with an ``Idempotency-Key``, replayed to a retry."""

    api_key = models.ForeignKey(ApiKey, on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=255)
    fingerprint = models.CharField(max_length=64, help_text="SHA-256 of the method, path and body")
    status_code = models.PositiveSmallIntegerField()
    body = models.JSONField()
    headers = models.JSONField(default=dict)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["api_key", "key"], name="idempotency_key_once")]

    def __str__(self):
        return self.key
