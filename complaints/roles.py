"""Which side of the complaint procedure a staff member works on (R10.5–R10.7).

Fund reviewers handle Fund-route complaints and reviewing-body-route complaints until they are forwarded;
reviewing-body reviewers handle only forwarded ones. Somebody in both groups is treated as neither: the
reviewing body checks the Fund, so one person must not be on both sides.
"""

from __future__ import annotations

from complaints.models import Level
from insurance import roles

GROUP_OF_LEVEL = {Level.FUND: roles.FUND_REVIEWERS, Level.BODY: roles.BODY_REVIEWERS}


def reviewer_level(user) -> Level | None:
    """The level ``user`` reviews at, or None (not a reviewer, inactive, or in both groups)."""
    if not (user.is_authenticated and user.is_active):
        return None
    if not hasattr(user, "_complaints_level"):
        names = set(user.groups.filter(name__in=roles.REVIEWER_GROUPS).values_list("name", flat=True))
        levels = [level for level, name in GROUP_OF_LEVEL.items() if name in names]
        user._complaints_level = levels[0] if len(levels) == 1 else None
    return user._complaints_level


def reviewers_of(level: Level):
    """Active staff who review at ``level`` (and not at the other one), by name."""
    from django.contrib.auth import get_user_model

    other = GROUP_OF_LEVEL[Level.BODY if level == Level.FUND else Level.FUND]
    return (
        get_user_model()
        .objects.filter(is_active=True, groups__name=GROUP_OF_LEVEL[level])
        .exclude(groups__name=other)
        .order_by("last_name", "first_name", "username")
    )
