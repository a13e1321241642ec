"""The portal's URLs plus the benchmark's own three views (only under bench.settings, never deployed)."""

from django.urls import include, path

from . import views

urlpatterns = [
    path("bench/trivial/", views.trivial),
    path("bench/statement/<int:person_id>.json", views.statement_json),
    path("bench/statement/<int:person_id>.html", views.statement_html),
    path("", include("config.urls")),
]
