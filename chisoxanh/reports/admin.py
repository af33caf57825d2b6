from django.contrib import admin

from .models import Activity, Evidence, Notification, Period, ReportVersion, TaskReport


@admin.register(Period)
class PeriodAdmin(admin.ModelAdmin):
    list_display = ["plan", "label", "data_start", "data_end", "unit_due_date", "due_date", "opened_at"]
    list_filter = ["year", "kind"]


class ActivityInline(admin.TabularInline):
    model = Activity
    extra = 0


class EvidenceInline(admin.TabularInline):
    model = Evidence
    extra = 0
    readonly_fields = ["file", "original_name", "content_type", "size", "sha256", "uploaded_by", "uploaded_at"]


@admin.register(TaskReport)
class TaskReportAdmin(admin.ModelAdmin):
    list_display = ["task", "organization", "period", "state", "progress", "version", "submitted_at"]
    list_filter = ["state", "progress", "period__year"]
    search_fields = ["task__title", "organization__name"]
    # States move only through the services (audited, versioned): the admin reads, never edits.
    readonly_fields = [f.name for f in TaskReport._meta.fields]
    inlines = [ActivityInline, EvidenceInline]

    def has_add_permission(self, request):
        return False


@admin.register(ReportVersion)
class ReportVersionAdmin(admin.ModelAdmin):
    list_display = ["report", "number", "event", "actor", "created_at"]
    readonly_fields = [f.name for f in ReportVersion._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ["recipient", "kind", "title", "created_at", "read_at", "emailed_at", "held", "digest_on"]
    list_filter = ["kind", "held"]
    list_select_related = ["recipient"]
    raw_id_fields = ["digest"]
