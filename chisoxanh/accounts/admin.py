from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin

from . import services
from .forms import AdminUserChangeForm, AdminUserCreationForm
from .models import ApiToken, Membership, NotificationPreference, Organization

User = get_user_model()


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["user"]


@admin.register(Organization)
class OrganizationAdmin(admin.ModelAdmin):
    list_display = ["name", "short_name", "abbreviation", "kind", "parent", "is_active"]
    list_filter = ["kind", "is_active"]
    search_fields = ["name", "short_name", "abbreviation", "search_text"]
    autocomplete_fields = ["parent"]
    inlines = [MembershipInline]
    ordering = ["path"]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "user_email", "organization", "role", "title"]
    list_filter = ["role"]
    search_fields = ["user__username", "user__first_name", "user__last_name", "user__email", "organization__name"]
    list_select_related = ["user", "organization"]
    autocomplete_fields = ["user", "organization"]

    @admin.display(description="thư điện tử", ordering="user__email")
    def user_email(self, obj: Membership) -> str:
        return obj.user.email or "—"


class NotificationPreferenceInline(admin.StackedInline):
    model = NotificationPreference
    can_delete = True
    extra = 0
    max_num = 1
    verbose_name = "cách nhận thông báo (để trống: theo vai trò)"


class UserMembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["organization"]


# Users are managed here (there is no other user screen): Django's user admin with the e-mail
# rule of the profile page (valid, one per active user in any case), shown in the list.
admin.site.unregister(User)


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    form = AdminUserChangeForm
    add_form = AdminUserCreationForm
    list_display = ["username", "last_name", "first_name", "email", "is_active", "is_staff"]
    search_fields = ["username", "first_name", "last_name", "email"]
    inlines = [UserMembershipInline, NotificationPreferenceInline]
    add_fieldsets = (
        (None, {"classes": ("wide",), "fields": ("username", "email", "usable_password", "password1", "password2")}),
    )

    def get_inlines(self, request, obj):
        # The add page asks only for the login, the address and the password, as Django's own.
        return self.inlines if obj is not None else []

    def save_model(self, request, obj, form, change):
        before = User.objects.filter(pk=obj.pk).values_list("email", flat=True).first() if change else ""
        super().save_model(request, obj, form, change)
        services.email_changed_by_admin(actor=request.user, user=obj, before=before or "")


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ["name", "user", "prefix", "created_at", "last_used_at"]
    readonly_fields = ["prefix", "created_at", "last_used_at"]
    search_fields = ["name", "user__username"]

    def has_add_permission(self, request):
        # Keys are shown once, so they are issued by the command `create_api_token`, which
        # can print them; the admin can only list and revoke.
        return False
