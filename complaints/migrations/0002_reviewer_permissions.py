"""Grant the complaints app's permissions to the staff groups (created by insurance 0003).

- Fund staff: read complaints, their history and attachments in admin (and the report page).
- Fund complaint reviewers and reviewing-body reviewers: read the same; what they may do to a complaint
  is decided by their group in complaints/roles.py, on the queue pages, through the services.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GROUPS = ["Fund staff", "Fund complaint reviewers", "Reviewing-body reviewers"]
CODENAMES = ["view_complaint", "view_complaintevent", "view_attachment"]


def grant(apps, schema_editor):
    # Permissions are normally created after all migrations ran; the groups need them now.
    app_config = apps.get_app_config("complaints")
    app_config.models_module = True
    create_permissions(app_config, verbosity=0)
    app_config.models_module = None
    assign_permissions(apps)


def assign_permissions(apps):
    """Give the staff groups the complaints permissions (also used by tests after a flush)."""
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    permissions = Permission.objects.filter(content_type__app_label="complaints", codename__in=CODENAMES)
    for name in GROUPS:
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.add(*permissions)


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    permissions = Permission.objects.filter(content_type__app_label="complaints", codename__in=CODENAMES)
    for group in Group.objects.filter(name__in=GROUPS):
        group.permissions.remove(*permissions)


class Migration(migrations.Migration):
    dependencies = [("complaints", "0001_complaints_and_history"), ("insurance", "0003_staff_groups")]
    operations = [migrations.RunPython(grant, revoke)]
