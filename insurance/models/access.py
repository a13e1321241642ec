from django.apps import apps
from django.conf import settings
from django.db import models
from django.utils.text import capfirst
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .people import Person

# What the references written by the portal's pages and API mean, for the citizen's "who viewed my data".
PAGE_LABELS = {
    "dashboard": _("the status page in the cabinet"),
    "eligibility": _("a coverage check by a clinic"),
}
SUFFIX_LABELS = (
    ("/case.pdf", _("administrative case, PDF")),
    ("/file", _("attachment")),
    (".pdf", _("PDF")),
)


class AccessLog(models.Model):
    """Who read whose personal data, when and from where (Personal Data Law art. 8)."""

    class What(models.TextChoices):
        STATEMENT = "statement", _("statement")
        PAYMENTS = "payments", _("payments")
        STATUS = "status", _("status and arrears")
        COMPLAINT = "complaint", _("complaint")
        PERSON = "person", _("personal data")
        REFUSAL = "refusal", _("refusal")

    subject = models.ForeignKey(
        Person, verbose_name=_("whose data"), on_delete=models.PROTECT, related_name="access_log"
    )
    what = models.CharField(_("what"), max_length=12, choices=What.choices)
    object_ref = models.CharField(_("object"), max_length=64, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("staff member"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    actor_label = models.CharField(
        _("who"), max_length=150, help_text=_("the person themself, a staff member, or a system client")
    )
    at = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)
    ip_address = models.GenericIPAddressField(_("from address"), null=True, blank=True)

    class Meta:
        verbose_name = _("access log entry")
        verbose_name_plural = _("access log")
        ordering = ["-at"]
        indexes = [models.Index(fields=["subject", "-at"], name="access_subject_idx")]

    def __str__(self):
        return f"{self.actor_label} → {self.get_what_display()} · {self.at:%Y-%m-%d %H:%M}"

    @property
    def object_label(self) -> str:
        """The object in words: a document number as is, a page or an admin record by its name."""
        ref = self.object_ref
        if ref in PAGE_LABELS:
            return str(PAGE_LABELS[ref])
        for suffix, label in SUFFIX_LABELS:
            if ref.endswith(suffix):
                return f"{ref.removesuffix(suffix)} ({label})"
        model_name, colon, pk = ref.partition(":")
        if colon:
            model = next((m for m in apps.get_models() if m._meta.model_name == model_name), None)
            if model is not None:
                return gettext("%(name)s (record %(pk)s)") % {
                    "name": capfirst(model._meta.verbose_name),
                    "pk": pk,
                }
        return ref
