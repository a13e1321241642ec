"""API keys in admin: create (the key is shown once, in the confirmation message) and revoke."""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from .keys import api_key_create, api_key_revoke
from .models import ApiKey, Scope


class ApiKeyCreateForm(forms.ModelForm):
    scopes = forms.MultipleChoiceField(
        label=_("scopes"), choices=Scope.choices, widget=forms.CheckboxSelectMultiple
    )

    class Meta:
        model = ApiKey
        fields = ["name", "scopes", "rate_limit_per_minute"]


@admin.register(ApiKey)
class ApiKeyAdmin(admin.ModelAdmin):
    list_display = [
        "name",
        "prefix",
        "scope_list",
        "rate_limit_per_minute",
        "created_at",
        "last_used_at",
        "revoked_at",
    ]
    list_filter = [("revoked_at", admin.EmptyFieldListFilter)]
    search_fields = ["name", "prefix"]
    actions = ["revoke"]
    readonly_fields = [
        "name",
        "prefix",
        "scopes",
        "rate_limit_per_minute",
        "created_at",
        "last_used_at",
        "revoked_at",
    ]

    @admin.display(description=_("scopes"))
    def scope_list(self, obj):
        return ", ".join(obj.scopes)

    def get_form(self, request, obj=None, **kwargs):
        if obj is None:
            kwargs["form"] = ApiKeyCreateForm
        return super().get_form(request, obj, **kwargs)

    def get_readonly_fields(self, request, obj=None):
        return [] if obj is None else self.readonly_fields

    def get_fields(self, request, obj=None):
        return ["name", "scopes", "rate_limit_per_minute"] if obj is None else self.readonly_fields

    def save_model(self, request, obj, form, change):
        if change:
            return  # nothing of a key is edited; it is revoked and a new one made
        new = api_key_create(
            name=form.cleaned_data["name"],
            scopes=form.cleaned_data["scopes"],
            rate_limit_per_minute=form.cleaned_data["rate_limit_per_minute"],
        )
        for field in ApiKey._meta.concrete_fields:  # the admin's messages and log name the saved key
            setattr(obj, field.attname, getattr(new.api_key, field.attname))
        messages.warning(
            request,
            _("The key for %(name)s is %(key)s — copy it now: it is shown only once and cannot be recovered.")
            % {"name": new.api_key.name, "key": new.raw_key},
        )

    def has_delete_permission(self, request, obj=None):
        return False  # revoked, not deleted: what a key created stays linked to it

    @admin.action(description=_("Revoke the selected keys"), permissions=["change"])
    def revoke(self, request, queryset):
        count = sum(api_key_revoke(api_key=key) for key in queryset)
        self.message_user(
            request, ngettext("%(count)d key revoked.", "%(count)d keys revoked.", count) % {"count": count}
        )
