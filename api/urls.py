"""/api/: v1 endpoints (DESIGN "Public contract"), the OpenAPI schema and its documentation page.

Every other address under /api/ is a 404 problem document, not the portal's HTML page (the spelling of each
address, trailing slash or not, is the contract's).
"""

from django.urls import path, re_path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from .problems import not_found
from .views.eligibility import EligibilityView
from .views.monitoring import StageEventListView
from .views.registers import RegisterDetailView, RegisterErrorsView, RegisterUploadView
from .views.statements import (
    StatementDetailView,
    StatementPdfView,
    StatementRequestCreateView,
    StatementRequestDetailView,
)

app_name = "api"

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path(
        "docs/",
        SpectacularSwaggerSplitView.as_view(url_name="api:schema", template_name="api/swagger_ui.html"),
        name="docs",
    ),
    path("v1/statement-requests/", StatementRequestCreateView.as_view(), name="statement_requests"),
    path(
        "v1/statement-requests/<uuid:request_id>/",
        StatementRequestDetailView.as_view(),
        name="statement_request_detail",
    ),
    path("v1/statements/<str:number>/", StatementDetailView.as_view(), name="statement_detail"),
    path("v1/statements/<str:number>/pdf", StatementPdfView.as_view(), name="statement_pdf"),
    path("v1/eligibility", EligibilityView.as_view(), name="eligibility"),
    path("v1/registers/", RegisterUploadView.as_view(), name="registers"),
    path("v1/registers/<uuid:upload_id>/", RegisterDetailView.as_view(), name="register_detail"),
    path("v1/registers/<uuid:upload_id>/errors", RegisterErrorsView.as_view(), name="register_errors"),
    path("v1/monitoring/events/", StageEventListView.as_view(), name="monitoring_events"),
    re_path(r"^.*$", not_found, name="not_found"),
]
