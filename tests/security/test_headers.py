"""Headers and cookies (issue 7): CSP without inline scripts, HSTS one year, frame-ancestors none,
nosniff, a strict referrer policy, Permissions-Policy, secure/HttpOnly/SameSite cookies in production,
no caching of personal pages, no IIN in any URL, and ``check --deploy`` clean."""

from __future__ import annotations

import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from tests.helpers import log_in_citizen

ROOT = Path(settings.BASE_DIR)


def csp(response) -> dict[str, str]:
    header = response["Content-Security-Policy"]
    return {part.split()[0]: part.strip() for part in header.split(";") if part.strip()}


@pytest.mark.parametrize("url", ["/", "/verify/", "/cabinet/login/"])
def test_every_page_carries_the_security_headers(client, db, url):
    response = client.get(url)
    policy = csp(response)
    assert policy["script-src"] == "script-src 'self'"  # no 'unsafe-inline', no 'unsafe-eval'
    assert policy["style-src"] == "style-src 'self'"
    assert policy["frame-ancestors"] == "frame-ancestors 'none'"
    assert policy["object-src"] == "object-src 'none'"
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert (
        "camera=()" in response["Permissions-Policy"] and "geolocation=()" in response["Permissions-Policy"]
    )
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"


def test_personal_pages_are_never_cached_and_public_ones_may_be(client, db, clerk):
    from tests.factories import PersonFactory

    log_in_citizen(client, PersonFactory())
    for url in ["/cabinet/", "/cabinet/statements/", "/cabinet/complaints/", "/cabinet/access/"]:
        response = client.get(url)
        assert response.status_code == 200, url
        assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"], url
    client.force_login(clerk)
    for url in ["/admin/", "/admin/insurance/person/", "/staff/access-log/"]:
        assert "no-store" in client.get(url)["Cache-Control"], url
    assert "no-store" not in client.get("/").get("Cache-Control", "")


INLINE = [
    (re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.I), "an inline <script>"),
    (re.compile(r"\son[a-z]+\s*=", re.I), "an on*= event handler"),
    (re.compile(r"\sstyle\s*=", re.I), "a style= attribute"),
    (re.compile(r"<style", re.I), "a <style> element"),
    (re.compile(r"javascript:", re.I), "a javascript: URL"),
]
PDF_TEMPLATES = {"insurance/statement/pdf.html", "complaints/case_pdf.html"}  # rendered by WeasyPrint only


def test_no_template_has_inline_script_handlers_or_styles():
    found = []
    for path in sorted((ROOT / "templates").rglob("*.html")):
        name = path.relative_to(ROOT / "templates").as_posix()
        text = path.read_text()
        for pattern, what in INLINE:
            if pattern.search(text) and not (name in PDF_TEMPLATES and "style" in what):
                found.append(f"{name}: {what}")
    assert not found, "move these to static files (the CSP blocks them):\n" + "\n".join(found)


# --- No IIN in any URL ----------------------------------------------------------------------------------


def test_no_url_pattern_takes_an_iin_or_other_personal_data():
    from tests.security.test_access_control import all_pages

    personal = re.compile(r"iin|phone|name|birth|passport", re.I)
    offenders = [p.route for p in all_pages() if personal.search(re.sub(r"<\w+:?(\w*)>", r"\1", p.route))]
    offenders = [route for route in offenders if not route.startswith("admin/")]  # admin routes use ids
    assert not offenders


IIN_IN_LINK = re.compile(r"""(?:href|src|action)\s*=\s*["'][^"']*\d{12}""", re.I)


def test_rendered_links_on_cabinet_and_queue_pages_never_carry_an_iin(client, world, fund_reviewer):
    log_in_citizen(client, world.citizen)
    pages = [
        reverse("insurance:dashboard"),
        reverse("insurance:statement_list"),
        reverse("insurance:statement_detail", args=[world.statement.number]),
        reverse("insurance:refusal_detail", args=[world.refusal.number]),
        reverse("insurance:request_detail", args=[world.request.pk]),
        reverse("insurance:access_log"),
        reverse("complaints:list"),
        reverse("complaints:detail", args=[world.complaint.pk]),
    ]
    reviewer = client.__class__()
    reviewer.force_login(fund_reviewer)
    for who, url in [
        *((client, u) for u in pages),
        (reviewer, reverse("complaints:queue")),
        (reviewer, reverse("complaints:review", args=[world.complaint.pk])),
    ]:
        response = who.get(url)
        html = response.content.decode()
        assert response.status_code == 200, url
        assert not IIN_IN_LINK.search(html), url
        assert world.citizen.iin not in " ".join(re.findall(r"""(?:href|src|action)=["']([^"']*)""", html)), (
            url
        )


def test_forms_that_take_an_iin_post_it(client, db):
    for url in ["/cabinet/login/sms/"]:
        html = client.get(url).content.decode()
        forms = re.findall(r"<form[^>]*>", html)
        assert forms and all('method="post"' in form for form in forms if "lang-switch" not in form)


# --- Production settings ---------------------------------------------------------------------------------


def production_env(**extra) -> dict:
    # Not the test session's own switches (the browser tests allow async-unsafe calls; production never).
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE")
    }
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings.production",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="portal.fund.example.kz",
        DATABASE_URL=os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/unused"),
        REDIS_URL=os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0"),
        MEDIA_ROOT="/tmp/mshi-media",
        SMS_GATEWAY_URL="https://sms.example.kz/send",
        SMS_GATEWAY_TOKEN="token",
        EDS_TRUSTED_CA_FILE="/etc/mshi/nca.pem",
        FUND_SIGNING_KEY="/etc/mshi/fund-key.pem",
        FUND_SIGNING_CERT="/etc/mshi/fund-cert.pem",
        **extra,
    )
    return env


def run_production(code: str) -> str:
    result = subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {code}"],
        cwd=ROOT,
        env=production_env(),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_check_deploy_is_clean_with_production_settings():
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=production_env(),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_cookies_are_secure_httponly_samesite_and_hsts_is_one_year():
    out = run_production(
        "from django.conf import settings as s; print(s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, "
        "s.SESSION_COOKIE_HTTPONLY, s.CSRF_COOKIE_HTTPONLY, s.SESSION_COOKIE_SAMESITE, s.CSRF_COOKIE_SAMESITE, "
        "s.SECURE_HSTS_SECONDS, s.SECURE_HSTS_INCLUDE_SUBDOMAINS, s.SECURE_SSL_REDIRECT, s.STAFF_TOTP_REQUIRED)"
    )
    assert out.split() == ["True", "True", "True", "True", "Lax", "Lax", "31536000", "True", "True", "True"]


def test_production_sends_hsts_and_secure_cookies_over_https():
    out = run_production(
        "from django.test import Client; c = Client(SERVER_NAME='portal.fund.example.kz'); "
        "r = c.get('/healthz', secure=True); "
        "print(r.status_code, r.headers.get('Strict-Transport-Security')); "
        "r2 = c.get('/cabinet/login/'); print(r2.status_code, r2.headers.get('Location'))"
    )
    first, second = out.strip().splitlines()[-2:]
    assert first.split(" ", 1)[1] == "max-age=31536000; includeSubDomains; preload"
    assert second == "301 https://portal.fund.example.kz/cabinet/login/"
