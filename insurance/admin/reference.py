from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from insurance.models import CalendarOverride, CoveragePolicy, MinimumWage


@admin.register(MinimumWage)
class MinimumWageAdmin(SimpleHistoryAdmin):
    list_display = ("year", "amount")


@admin.register(CoveragePolicy)
class CoveragePolicyAdmin(SimpleHistoryAdmin):
    list_display = (
        "effective_from",
        "grace_months",
        "long_payer_months",
        "long_payer_grace_months",
        "arrears_window_months",
        "arrears_rate",
    )


@admin.register(CalendarOverride)
class CalendarOverrideAdmin(SimpleHistoryAdmin):
    list_display = ("day", "kind", "reason")
    list_filter = ("kind",)
    date_hierarchy = "day"
    search_fields = ("reason",)
