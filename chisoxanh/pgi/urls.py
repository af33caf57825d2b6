from django.urls import path

from . import views

urlpatterns = [
    path("chi-so/", views.ranking, name="pgi-ranking"),
    path("chi-so/so-sanh/", views.compare, name="pgi-compare"),
    path("chi-so/nhap/", views.import_table, name="pgi-import"),
    path("chi-so/nhap/mau.xlsx", views.import_template, name="pgi-import-template"),
    path("chi-so/<str:code>/", views.profile, name="pgi-profile"),
    path("chi-so/<str:code>/bieu-do/<slug:chart>.<str:fmt>", views.chart_download, name="pgi-chart"),
]
