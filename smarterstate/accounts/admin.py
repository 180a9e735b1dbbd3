from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from simple_history.admin import SimpleHistoryAdmin

from smarterstate.organisations.admin import MembershipInline

from .models import User


@admin.register(User)
class UserAdmin(SimpleHistoryAdmin, BaseUserAdmin):
    fieldsets = BaseUserAdmin.fieldsets + (("Smarter State", {"fields": ("is_central_analyst",)}),)
    list_display = (
        "username",
        "email",
        "first_name",
        "last_name",
        "is_central_analyst",
        "is_staff",
    )
    list_filter = ("is_central_analyst", "is_staff", "is_superuser", "is_active")
    inlines = [MembershipInline]
