from django.contrib import admin
from django.urls import include, path

from . import views
from .api.api import api

admin.site.site_header = "Chỉ số Xanh — quản trị"
admin.site.site_title = "Chỉ số Xanh"
admin.site.index_title = "Quản trị hệ thống"

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("", include("chisoxanh.accounts.urls")),
    path("", include("chisoxanh.plans.urls")),
    path("", include("chisoxanh.reports.urls")),
    path("", include("chisoxanh.documents.urls")),
    path("", include("chisoxanh.pgi.urls")),
    path("api/v1/", api.urls),
    path("quan-tri/", admin.site.urls),
]
