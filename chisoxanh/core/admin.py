from django.apps import apps
from django.contrib import admin

from . import audit_labels
from .models import AuditEntry


class ActionFilter(admin.SimpleListFilter):
    """Filter by action, listed by its Vietnamese sentence rather than its code."""

    title = "hành động"
    parameter_name = "action"

    def lookups(self, request, model_admin):
        return audit_labels.choices()

    def queryset(self, request, queryset):
        return queryset.filter(action=self.value()) if self.value() else queryset


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    list_display = ["created_at", "actor", "action_sentence", "channel", "object_repr"]
    list_filter = [ActionFilter, "channel"]
    search_fields = ["object_repr", "action", "actor__username"]
    # The detail shows the action as its sentence; the code stays searchable from the list.
    fields = ["created_at", "actor", "action_sentence", "channel", "object_kind", "object_id", "object_repr", "changes"]
    readonly_fields = fields

    @admin.display(description="hành động", ordering="action")
    def action_sentence(self, obj: AuditEntry) -> str:
        return obj.action_label

    @admin.display(description="loại đối tượng")
    def object_kind(self, obj: AuditEntry) -> str:
        try:
            return apps.get_model(obj.object_type)._meta.verbose_name
        except (LookupError, ValueError):
            return "khác"

    # The audit trail is evidence: nobody edits or deletes it, not even an administrator.
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
