"""The documented answer of every page to every kind of visitor (docs/security.md, "Access control").

Roles: ``anonymous``; ``owner`` (the citizen whose data it is); ``other`` (another logged-in citizen);
``fund_staff``, ``fund_reviewer``, ``body_reviewer`` (staff accounts in the three groups); ``superuser``.

Answers: 200 / 403 / 404 / 405 (the page exists but only takes POST), ``login`` (to the citizen login),
``admin_login`` (to the staff login), ``redirect`` (somewhere else, e.g. the language switch).

Every URL pattern outside the admin must have a row here; the admin's model pages follow the permission
table in ``ADMIN_MODELS`` (a model registered later without a row fails the suite).
"""

ROLES = ("anonymous", "owner", "other", "fund_staff", "fund_reviewer", "body_reviewer", "superuser")


def row(anonymous, owner, other, fund_staff, fund_reviewer, body_reviewer, superuser):
    return dict(
        zip(
            ROLES, (anonymous, owner, other, fund_staff, fund_reviewer, body_reviewer, superuser), strict=True
        )
    )


PUBLIC = row(200, 200, 200, 200, 200, 200, 200)
CITIZEN_LIST = row("login", 200, 200, "login", "login", "login", "login")  # the visitor's own list
CITIZEN_OBJECT = row("login", 200, 404, "login", "login", "login", "login")  # the owner's object
REVIEWER_PAGE = row("admin_login", "admin_login", "admin_login", 403, 200, 200, 403)
# The world's complaint is on the Fund route: the reviewing body never sees it (404, not 403).
FUND_COMPLAINT = row("admin_login", "admin_login", "admin_login", 403, 200, 404, 403)
REVIEWER_POST_ONLY = row("admin_login", "admin_login", "admin_login", 403, 405, 405, 403)
STAFF_PAGE = row("admin_login", "admin_login", "admin_login", 200, 200, 200, 200)

URLS = {
    # Public pages of the service and the document check (anyone; never personal data).
    "insurance:home": PUBLIC,
    "insurance:healthz": PUBLIC,
    "insurance:verify_lookup": PUBLIC,
    "insurance:verify": PUBLIC,
    "set_language": row(*["redirect"] * 7),
    # Citizen login: a logged-in citizen is sent on to the cabinet.
    "insurance:login": row(200, "redirect", "redirect", 200, 200, 200, 200),
    "insurance:login_sms": PUBLIC,
    "insurance:login_eds": PUBLIC,
    "insurance:logout": row(*[405] * 7),
    # DEBUG-only developer pages: not found in production and in tests (the signer takes only POST, and
    # answers 404 to a POST outside DEBUG).
    "insurance:dev_outbox": row(*[404] * 7),
    "insurance:dev_eds_sign": row(*[405] * 7),
    # The cabinet (R4): only the logged-in citizen, only their own objects.
    "insurance:dashboard": CITIZEN_LIST,
    "insurance:request_new": CITIZEN_LIST,
    "insurance:request_confirm": row("login", "redirect", "redirect", "login", "login", "login", "login"),
    "insurance:request_detail": CITIZEN_OBJECT,
    "insurance:request_status": CITIZEN_OBJECT,
    "insurance:statement_list": CITIZEN_LIST,
    "insurance:statement_detail": CITIZEN_OBJECT,
    "insurance:statement_pdf": CITIZEN_OBJECT,
    "insurance:refusal_detail": CITIZEN_OBJECT,
    "insurance:refusal_pdf": CITIZEN_OBJECT,
    "insurance:access_log": CITIZEN_LIST,
    "complaints:list": CITIZEN_LIST,
    "complaints:new": CITIZEN_LIST,
    "complaints:detail": CITIZEN_OBJECT,
    "complaints:attachment": CITIZEN_OBJECT,
    # The reviewers' queue (R10): staff in one reviewer group, each at their own level.
    "complaints:queue": REVIEWER_PAGE,
    "complaints:review": FUND_COMPLAINT,
    "complaints:review_attachment": FUND_COMPLAINT,
    # The administrative case exists only for complaints on the reviewing-body route.
    "complaints:case_pdf": row("admin_login", "admin_login", "admin_login", 403, 404, 404, 403),
    "complaints:assign": REVIEWER_POST_ONLY,
    "complaints:decide": REVIEWER_POST_ONLY,
    "complaints:forward": REVIEWER_POST_ONLY,
    # The integration API (issue 6): clients send an API key; a browser session is not a credential.
    "api:schema": PUBLIC,
    "api:docs": PUBLIC,
    "api:statement_requests": row(*[401] * 7),
    "api:statement_request_detail": row(*[401] * 7),
    "api:statement_detail": row(*[401] * 7),
    "api:statement_pdf": row(*[401] * 7),
    "api:eligibility": row(*[401] * 7),
    "api:registers": row(*[401] * 7),
    "api:register_detail": row(*[401] * 7),
    "api:register_errors": row(*[401] * 7),
    "api:monitoring_events": row(*[401] * 7),
    "api:not_found": row(*[404] * 7),
    # Staff security pages.
    "security:two_factor": STAFF_PAGE,
    "security:access_log_export": row("admin_login", "admin_login", "admin_login", 200, 403, 403, 200),
}

# The admin site's own pages (not per model).
ADMIN_LOGIN_FIRST = row("admin_login", "admin_login", "admin_login", 200, 200, 200, 200)
ADMIN_URLS = {
    "admin:index": ADMIN_LOGIN_FIRST,
    "admin:login": row(200, 200, 200, "redirect", "redirect", "redirect", "redirect"),
    "admin:logout": row("redirect", "redirect", "redirect", 405, 405, 405, 405),  # only POST logs out
    "admin:password_change": ADMIN_LOGIN_FIRST,
    "admin:password_change_done": ADMIN_LOGIN_FIRST,
    "admin:jsi18n": ADMIN_LOGIN_FIRST,
    "admin:autocomplete": row("admin_login", "admin_login", "admin_login", 403, 403, 403, 403),
    "admin:view_on_site": row("admin_login", "admin_login", "admin_login", 404, 404, 404, 404),
    # /admin/<app>/: the app's index if the account may see any of its models.
    "admin:app_list insurance": row("admin_login", "admin_login", "admin_login", 200, 404, 404, 200),
    "admin:app_list complaints": ADMIN_LOGIN_FIRST,
    "admin:app_list auth": row("admin_login", "admin_login", "admin_login", 404, 404, 404, 200),
    "admin:app_list api": row("admin_login", "admin_login", "admin_login", 404, 404, 404, 200),
    "admin:app_list otp_totp": row("admin_login", "admin_login", "admin_login", 404, 404, 404, 200),
    "admin:auth_user_password_change": row("admin_login", "admin_login", "admin_login", 403, 403, 403, 200),
    "admin:insurance_servicelevelreport_changelist": row(
        "admin_login", "admin_login", "admin_login", 200, 403, 403, 200
    ),
    "admin:complaints_complaint_report": ADMIN_LOGIN_FIRST,
    "admin:otp_totp_totpdevice_config": row("admin_login", "admin_login", "admin_login", 403, 403, 403, 200),
    "admin:otp_totp_totpdevice_qrcode": row("admin_login", "admin_login", "admin_login", 403, 403, 403, 200),
    # A register upload's result and its error report ("line N: reason").
    "admin:insurance_paymentregister_result": row(
        "admin_login", "admin_login", "admin_login", 200, 403, 403, 200
    ),
    "admin:insurance_paymentregister_errors": row(
        "admin_login", "admin_login", "admin_login", 200, 403, 403, 200
    ),
    "admin:final_catch_all": row("admin_login", "admin_login", "admin_login", 404, 404, 404, 404),
}

# Admin model pages: what each staff group may do per model, and what the model's admin allows anyone
# (the superuser may do all of that). "view" opens the list, the record and its history. Imported and
# issued records are read-only for everyone.
V, VA, VAC, VACD, VC = (
    {"view"},
    {"view", "add"},
    {"view", "add", "change"},
    {"view", "add", "change", "delete"},
    {
        "view",
        "change",
    },
)
NONE: set = set()
ADMIN_MODELS = {
    # model: (fund_staff, fund_reviewer, body_reviewer, what the admin allows at all)
    "auth.group": (NONE, NONE, NONE, VACD),
    "auth.user": (NONE, NONE, NONE, VACD),
    "api.apikey": (NONE, NONE, NONE, VAC),  # keys are revoked, never deleted
    "otp_totp.totpdevice": (NONE, NONE, NONE, VACD),
    "insurance.payment": (V, NONE, NONE, V),
    "insurance.refund": (V, NONE, NONE, V),
    "insurance.categorymembership": (V, NONE, NONE, V),
    "insurance.paymentregister": (VA, NONE, NONE, VA),  # a register is uploaded, then never edited
    "insurance.person": (V, NONE, NONE, V),
    "insurance.identityrecord": (V, NONE, NONE, V),
    "insurance.payer": (VC, NONE, NONE, VC),  # payers come from registers; staff correct names
    "insurance.minimumwage": (VAC, NONE, NONE, VACD),
    "insurance.coveragepolicy": (VAC, NONE, NONE, VACD),
    "insurance.calendaroverride": (VACD, NONE, NONE, VACD),
    "insurance.statementrequest": (V, NONE, NONE, V),
    "insurance.statement": (V, NONE, NONE, V),
    "insurance.refusal": (V, NONE, NONE, V),
    "insurance.servicestageevent": (V, NONE, NONE, V),
    "insurance.accesslog": (V, NONE, NONE, V),
    "insurance.servicelevelreport": (V, NONE, NONE, V),
    # Finding (docs/security.md): reviewers hold view_complaint, so the admin shows them every complaint,
    # including the other level's; the queue pages restrict by level, the admin does not.
    "complaints.complaint": (V, V, V, V),
    "complaints.complaintevent": (V, V, V, V),
    "complaints.attachment": (V, V, V, V),
}
