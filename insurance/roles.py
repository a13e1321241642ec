"""Staff roles. The groups are created, with their permissions, by a data migration."""

FUND_STAFF = "Fund staff"
FUND_REVIEWERS = "Fund complaint reviewers"
BODY_REVIEWERS = "Reviewing-body reviewers"

REVIEWER_GROUPS = (FUND_REVIEWERS, BODY_REVIEWERS)


def in_group(user, name: str) -> bool:
    return user.is_authenticated and user.is_active and user.groups.filter(name=name).exists()
