from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from insurance.security.forms import StaffAuthenticationForm

# A failure shows a page in the visitor's language, 503 while the database is unreachable (config/errors.py).
handler500 = "config.errors.server_error"

admin.site.site_header = _("Social Health Insurance Fund")
admin.site.site_title = _("Fund staff")
admin.site.index_title = _("MSHI statements: people, payers, registers, requests")
# Security (issue 7): the admin login is rate-limited per username and per address.
admin.site.login_form = StaffAuthenticationForm

urlpatterns = [
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/", include("api.urls")),  # issue 6: the integration API (api/urls.py)
    path("", include("insurance.security.urls")),  # staff second factor, access-log export
    # complaints: the citizen's pages at /cabinet/complaints/…, the reviewers' at /complaints/…
    path("", include("complaints.urls")),
    path("", include("insurance.urls")),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
