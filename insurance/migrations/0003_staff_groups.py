"""Create the staff groups with their permissions.

- Fund staff: see everything in the insurance app; edit reference data and payer names; upload registers.
- Fund complaint reviewers and reviewing-body reviewers: no admin rights here; the complaints app grants
  theirs in its own migration.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

FUND_STAFF = "Fund staff"
REVIEWER_GROUPS = ["Fund complaint reviewers", "Reviewing-body reviewers"]
EDITABLE = {
    "minimumwage": ("add", "change"),
    "coveragepolicy": ("add", "change"),
    "calendaroverride": ("add", "change", "delete"),
    "payer": ("change",),
    "paymentregister": ("add",),
}


def create_groups(apps, schema_editor):
    # Permissions are normally created after all migrations ran; the groups need them now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, verbosity=0)
        app_config.models_module = None
    assign_groups(apps)


def assign_groups(apps):
    """Create the groups and give Fund staff its permissions (also used by tests after a flush)."""
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    staff, _ = Group.objects.get_or_create(name=FUND_STAFF)
    codenames = [p for p in Permission.objects.filter(content_type__app_label="insurance")
                 .values_list("codename", flat=True) if p.startswith("view_")]
    codenames += [f"{action}_{model}" for model, actions in EDITABLE.items() for action in actions]
    staff.permissions.add(*Permission.objects.filter(content_type__app_label="insurance", codename__in=codenames))
    for name in REVIEWER_GROUPS:
        Group.objects.get_or_create(name=name)


def remove_groups(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=[FUND_STAFF, *REVIEWER_GROUPS]).delete()


class Migration(migrations.Migration):
    dependencies = [("insurance", "0002_reference_data"), ("auth", "0012_alter_user_first_name_max_length")]
    operations = [migrations.RunPython(create_groups, remove_groups)]
