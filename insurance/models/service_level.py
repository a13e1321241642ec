from django.utils.translation import gettext_lazy as _

from .requests import StatementRequest


class ServiceLevelReport(StatementRequest):
    """No table of its own: the admin's entry for the service-level figures (R7, R8, R9) over the requests."""

    class Meta:
        proxy = True
        verbose_name = _("service-level figures")
        verbose_name_plural = _("service-level figures")
