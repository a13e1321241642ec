from django.urls import path

from . import views

app_name = "security"

urlpatterns = [
    path("staff/two-factor/", views.two_factor_page, name="two_factor"),
    path("staff/access-log/", views.access_log_export, name="access_log_export"),
]
