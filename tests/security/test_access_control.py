"""The access-control suite (issue 7): every URL pattern, as every kind of visitor, answers as documented.

The patterns come from Django's resolver, so a page added later without a row in ``access_table`` fails
here instead of going live unchecked. Each role is one test that walks every page and reports all the
differences at once. The answers are documented in docs/security.md ("Access control").
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pytest
from django.apps import apps as django_apps
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from django_otp.plugins.otp_totp.models import TOTPDevice

from insurance.models import AccessLog, CalendarOverride, CategoryMembership, Refund
from tests.helpers import log_in_citizen
from tests.security.conftest import PASSWORD

from . import access_table as table

ADMIN_ACTIONS = ("changelist", "add", "history", "delete", "change", "simple_history")


@dataclass(frozen=True)
class Page:
    key: str  # the row of the table
    route: str
    name: str  # the URL name, "" for unnamed patterns
    pattern: URLPattern


def _walk(patterns, prefix="", namespace=""):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            space = ":".join(part for part in (namespace, entry.namespace) if part)
            yield from _walk(entry.url_patterns, prefix + str(entry.pattern), space)
        else:
            name = f"{namespace}:{entry.name}" if namespace and entry.name else entry.name or ""
            yield prefix + str(entry.pattern), name, entry


def all_pages() -> list[Page]:
    pages = []
    for route, name, pattern in _walk(get_resolver().url_patterns):
        if route.startswith("^static/") or route.startswith("static/"):
            continue
        pages.append(Page(key=name or route, route=route, name=name, pattern=pattern))
    return pages


def _admin_model(page: Page):
    """(model label, action) of an admin model page, or None."""
    model_admin = getattr(page.pattern.callback, "model_admin", None)
    if model_admin is None:
        # simple_history's version page is a plain admin view: its name tells the model.
        for model in admin.site._registry:
            meta = model._meta
            if page.name == f"admin:{meta.app_label}_{meta.model_name}_simple_history":
                return meta.label_lower, "simple_history"
        return None
    label = model_admin.model._meta.label_lower
    if not page.name:
        return label, "redirect_to_change"
    for action in ADMIN_ACTIONS:
        if page.name.endswith(f"_{action}"):
            return label, action
    return label, page.name.split("_")[-1]  # a custom admin page (e.g. a report)


def _expected_admin_model(label, action, role):
    if role in ("anonymous", "owner", "other"):
        return "admin_login"
    fund_staff, fund_reviewer, body_reviewer, allowed = table.ADMIN_MODELS[label]
    if role == "superuser":
        perms = {"view", "add", "change", "delete"}
    else:
        perms = {"fund_staff": fund_staff, "fund_reviewer": fund_reviewer, "body_reviewer": body_reviewer}[
            role
        ]
    if action == "redirect_to_change":
        return "redirect"
    if action in ("add", "delete"):
        return 200 if action in perms & allowed else 403
    if action == "simple_history":
        return 404  # the world has no such historical version: not found before any permission check
    if action == "report":
        return 200 if "view" in perms else 403
    return 200 if "view" in perms else 403


def expected(page: Page, role: str):
    if page.key in table.URLS:
        return table.URLS[page.key][role]
    if page.route.startswith("admin/"):
        model = _admin_model(page)
        if model is not None:
            return _expected_admin_model(*model, role)
        if page.name == "admin:app_list":
            return None  # one row per app: see _app_list_pages
        if page.key in table.ADMIN_URLS:
            return table.ADMIN_URLS[page.key][role]
        if page.route.endswith("(?P<url>.*)$") or "url" in page.route:
            return table.ADMIN_URLS["admin:final_catch_all"][role]
    return "undocumented: add a row to tests/security/access_table.py"


@pytest.fixture
def objects(world, clerk):
    """One object of every admin model, so every object page can be opened."""
    payment = world.statement.person.payments.first()
    Refund.objects.create(
        payment=payment,
        amount="1.00",
        refunded_on=date(2026, 10, 1),
        register=payment.register,
        external_id="R-1",
    )
    CategoryMembership.objects.create(
        person=world.citizen, category="pensioner", valid_from=date(2026, 1, 1), register=payment.register
    )
    CalendarOverride.objects.create(day=date(2026, 12, 31), kind="day_off", reason="decree")
    AccessLog.objects.create(subject=world.citizen, what="person", actor_label="clerk", user=clerk)
    if django_apps.is_installed("api"):
        from api.keys import api_key_create

        api_key_create(name="e-gov gateway", scopes=["statements:read"])
    # Somebody else's second-factor device (an enrolled account is asked for a code on every staff page).
    enrolled = get_user_model().objects.create_user(username="enrolled", password=PASSWORD, is_staff=True)
    world.device = TOTPDevice.objects.create(user=enrolled, name="authenticator", confirmed=True)
    return world


def _sample(page: Page, world):
    """A URL for ``page`` with arguments taken from the world (the owner's objects)."""
    model = _admin_model(page)
    kwargs = {}
    converters = page.pattern.pattern.converters
    for name in converters:
        if name == "pk" and page.route.startswith("admin/otp_totp/"):
            kwargs[name] = world.device.pk
        elif name == "pk":
            kwargs[name] = world.complaint.pk
        elif name == "attachment_pk":
            kwargs[name] = world.attachment.pk
        elif name == "request_id":
            kwargs[name] = world.request.pk
        elif name == "number":
            kwargs[name] = world.refusal.number if "refusal" in page.name else world.statement.number
        elif name == "code":
            kwargs[name] = world.statement.verification_code
        elif name == "object_id" and model:
            obj = admin.site._registry[_model_class(model[0])].model._default_manager.first()
            kwargs[name] = obj.pk if obj else 1
        elif name == "object_id":  # a custom admin page of a model: admin/<app>/<model>/<object_id>/…
            app_label, model_name = page.route.split("/")[1:3]
            model_class = django_apps.all_models.get(app_label, {}).get(model_name)
            obj = model_class._default_manager.first() if model_class else None
            kwargs[name] = obj.pk if obj else 1
        elif name == "id":  # a staff account's password page
            kwargs[name] = _model_class("auth.user").objects.order_by("pk").first().pk
        elif name == "upload_id":  # an API register upload (none in the world)
            kwargs[name] = "00000000-0000-4000-8000-000000000000"
        elif name == "history_id":
            kwargs[name] = 999999
        elif name == "content_type_id":
            kwargs[name] = 1
        else:
            raise AssertionError(f"no sample value for <{name}> in {page.route}")
    if "([^/]+)" in page.route:  # positional groups: the object, then a version that does not exist
        obj = _model_class(model[0])._default_manager.first()
        route = page.route.replace("([^/]+)", str(obj.pk if obj else 1), 1).replace("([^/]+)", "999999", 1)
        return _fill(route, kwargs)
    return _fill(page.route, kwargs)


def _model_class(label):
    from django.apps import apps

    return apps.get_model(label)


def _fill(route: str, kwargs) -> str:
    import re

    path = route
    for name, value in kwargs.items():
        path = re.sub(rf"<(?:\w+:)?{name}>", str(value), path)
    path = path.replace("^", "").replace("$", "").replace("\\Z", "")
    if "(?P<url>.*)" in path:
        path = path.replace("(?P<url>.*)", "no-such-page/")
    if "(?P<app_label>" in path:
        raise AssertionError("app_list is walked per app")
    return "/" + path


def _answer(response):
    if response.status_code in (301, 302):
        location = response["Location"]
        if location.startswith("/admin/login/"):
            return "admin_login"
        if location.startswith("/cabinet/login/?"):
            return "login"
        return "redirect"
    return response.status_code


def _client(role, world, users):
    client = Client(raise_request_exception=False)
    if role == "owner":
        log_in_citizen(client, world.citizen)
    elif role == "other":
        log_in_citizen(client, world.other)
    elif role != "anonymous":
        client.force_login(users[role])
    return client


@pytest.fixture
def users(clerk, fund_reviewer, body_reviewer, superuser):
    return {
        "fund_staff": clerk,
        "fund_reviewer": fund_reviewer,
        "body_reviewer": body_reviewer,
        "superuser": superuser,
    }


def _app_list_pages():
    apps = sorted({model._meta.app_label for model in admin.site._registry})
    return {f"admin:app_list {app}": f"/admin/{app}/" for app in apps}


@pytest.mark.parametrize("role", table.ROLES)
def test_every_page_answers_each_role_as_documented(role, objects, users):
    client = _client(role, objects, users)
    wrong = []
    for page in all_pages():
        want = expected(page, role)
        if want is None:
            continue
        url = _sample(page, objects)
        got = _answer(client.get(url))
        if got != want:
            wrong.append(f"{page.key:55} {url:70} expected {want}, got {got}")
    for key, url in _app_list_pages().items():
        want = table.ADMIN_URLS.get(key, {}).get(
            role, "undocumented: add a row to tests/security/access_table.py"
        )
        got = _answer(client.get(url))
        if got != want:
            wrong.append(f"{key:55} {url:70} expected {want}, got {got}")
    assert not wrong, f"{role}: pages that answer differently from docs/security.md:\n" + "\n".join(wrong)


def test_every_admin_model_has_a_documented_permission_row(db):
    labels = {model._meta.label_lower for model in admin.site._registry}
    assert labels == set(table.ADMIN_MODELS), "document the new admin model in access_table.ADMIN_MODELS"


def test_the_staff_groups_hold_exactly_the_documented_permissions(seeded):
    from django.contrib.auth.models import Group

    from insurance import roles

    columns = {roles.FUND_STAFF: 0, roles.FUND_REVIEWERS: 1, roles.BODY_REVIEWERS: 2}
    for group_name, column in columns.items():
        held = {
            perm
            for perm in Group.objects.get(name=group_name).permissions.values_list(
                "content_type__app_label", "content_type__model", "codename"
            )
            if f"{perm[0]}.{perm[1]}" in table.ADMIN_MODELS  # models outside the admin are not reachable
        }
        documented = {
            (label.split(".")[0], label.split(".")[1], f"{action}_{label.split('.')[1]}")
            for label, row in table.ADMIN_MODELS.items()
            for action in row[column]
        }
        assert held == documented, f"{group_name}: held {held ^ documented} differ from the table"


def test_docs_security_lists_every_documented_page():
    from django.conf import settings

    docs = (settings.BASE_DIR / "docs" / "security.md").read_text()
    missing = [key for key in [*table.URLS, *table.ADMIN_URLS] if f"`{key}`" not in docs]
    assert not missing, f"add these rows to the access table in docs/security.md: {missing}"
