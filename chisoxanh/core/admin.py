from django.contrib import admin

from .models import AuditEntry


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    list_display = ["created_at", "actor", "action", "channel", "object_repr"]
    list_filter = ["action", "channel"]
    search_fields = ["object_repr", "action", "actor__username"]
    readonly_fields = [f.name for f in AuditEntry._meta.fields]

    # The audit trail is evidence: nobody edits or deletes it, not even an administrator.
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
