from django.contrib import admin

from .models import PlanImport, ResultReport


@admin.register(ResultReport)
class ResultReportAdmin(admin.ModelAdmin):
    list_display = ["number_and_symbol", "agency", "period", "state", "issued_on"]
    list_filter = ["state"]
    # Numbers, approvals and sending go through the services only.
    readonly_fields = [f.name for f in ResultReport._meta.fields]

    def has_add_permission(self, request):
        return False

    @admin.display(description="số, ký hiệu", ordering="number")
    def number_and_symbol(self, obj: ResultReport) -> str:
        return obj.reference or "—"


@admin.register(PlanImport)
class PlanImportAdmin(admin.ModelAdmin):
    list_display = ["file_name", "issuer", "uploaded_by", "state", "created_at"]
    list_filter = ["state"]
    readonly_fields = [f.name for f in PlanImport._meta.fields]
