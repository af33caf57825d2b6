from django.contrib.auth import views as auth_views
from django.urls import path

from . import views

urlpatterns = [
    path(
        "dang-nhap/",
        auth_views.LoginView.as_view(template_name="accounts/login.html", redirect_authenticated_user=True),
        name="login",
    ),
    path("dang-xuat/", auth_views.LogoutView.as_view(), name="logout"),
    path("ca-nhan/", views.profile, name="profile"),
    path("co-quan/", views.organization_list, name="organization-list"),
    path("co-quan/<int:pk>/", views.organization_detail, name="organization-detail"),
]
