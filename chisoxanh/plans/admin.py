from django.contrib import admin

from .models import Assignment, Plan, Target, Task


class TaskInline(admin.StackedInline):
    model = Task
    extra = 0
    fields = ["part", "section", "subindex", "title", "schedule"]
    show_change_link = True


class AssignmentInline(admin.TabularInline):
    model = Assignment
    extra = 0
    autocomplete_fields = ["organization"]


class TargetInline(admin.TabularInline):
    model = Target
    extra = 0


@admin.register(Plan)
class PlanAdmin(admin.ModelAdmin):
    list_display = ["number_and_symbol", "title", "issuer", "start_year", "end_year", "status"]
    list_filter = ["status", "start_year"]
    search_fields = ["title", "number", "search_text"]
    autocomplete_fields = ["issuer", "parent", "report_recipient"]
    inlines = [TaskInline]

    @admin.display(description="số, ký hiệu", ordering="number")
    def number_and_symbol(self, obj: Plan) -> str:
        return obj.reference or "—"


@admin.register(Task)
class TaskAdmin(admin.ModelAdmin):
    list_display = ["section", "title", "plan", "subindex", "schedule"]
    list_filter = ["subindex", "schedule", "part"]
    search_fields = ["title", "search_text"]
    autocomplete_fields = ["plan", "parent_task"]
    inlines = [AssignmentInline, TargetInline]
