from django.contrib import admin


class ReadOnlyAdmin(admin.ModelAdmin):
    """Imported and issued records: staff look, registers correct (CONVENTIONS: money is never edited)."""

    show_full_result_count = False  # counting millions of rows on every page is the slow part

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
