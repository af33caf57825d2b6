from django.contrib import admin
from django.urls import include, path

from .api.api import api

admin.site.site_header = "Chỉ số Xanh — quản trị"
admin.site.site_title = "Chỉ số Xanh"
admin.site.index_title = "Quản trị hệ thống"

urlpatterns = [
    path("", include("chisoxanh.web.urls")),
    path("api/v1/", api.urls),
    path("quan-tri/", admin.site.urls),
]
