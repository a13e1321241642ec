from django.urls import path

from insurance.views import access, cabinet, cabinet_documents, public, verify
from insurance.views import auth as auth_views
from insurance.views import dev as dev_views

app_name = "insurance"

urlpatterns = [
    path("", public.home, name="home"),
    path("healthz", public.healthz, name="healthz"),
]

# --- Citizen log in / log out (auth; R4, A1.10) and the DEBUG-only developer pages (404 otherwise). ---
urlpatterns += [
    path("cabinet/login/", auth_views.login, name="login"),
    path("cabinet/login/sms/", auth_views.login_sms, name="login_sms"),
    path("cabinet/login/eds/", auth_views.login_eds, name="login_eds"),
    path("cabinet/logout/", auth_views.logout, name="logout"),
    path("dev/outbox/", dev_views.outbox, name="dev_outbox"),
    path("dev/eds-sign/", dev_views.eds_sign, name="dev_eds_sign"),
]

# --- The citizen cabinet and the statement service (statements; R4, R8, A1.9, A2) and public checks. ---
urlpatterns += [
    path("cabinet/", cabinet.dashboard, name="dashboard"),
    path("cabinet/requests/new/", cabinet.request_new, name="request_new"),
    path("cabinet/requests/new/confirm/", cabinet.request_confirm, name="request_confirm"),
    path("cabinet/requests/<uuid:request_id>/", cabinet.request_detail, name="request_detail"),
    path("cabinet/requests/<uuid:request_id>/status.json", cabinet.request_status, name="request_status"),
    path("cabinet/statements/", cabinet_documents.statement_list, name="statement_list"),
    path("cabinet/statements/<str:number>/", cabinet_documents.statement_detail, name="statement_detail"),
    path("cabinet/statements/<str:number>/pdf", cabinet_documents.statement_pdf, name="statement_pdf"),
    path("cabinet/refusals/<str:number>/", cabinet_documents.refusal_detail, name="refusal_detail"),
    path("cabinet/refusals/<str:number>/pdf", cabinet_documents.refusal_pdf, name="refusal_pdf"),
    path("cabinet/access/", access.access_log, name="access_log"),  # issue 7: who viewed my data
    path("verify/", verify.verify_lookup, name="verify_lookup"),
    path("verify/<str:code>/", verify.verify, name="verify"),
]
