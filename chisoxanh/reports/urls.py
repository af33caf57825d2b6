from django.urls import path

from . import views

urlpatterns = [
    path("viec-cua-toi/", views.my_work, name="my-work"),
    path("duyet-bao-cao/", views.review_queue, name="review-queue"),
    path("tong-quan/", views.overview, name="overview"),
    path("thong-bao/", views.notifications, name="notifications"),
    path("bao-cao/<int:pk>/", views.report_detail, name="report-detail"),
    path("bao-cao/<int:pk>/sua/", views.report_edit, name="report-edit"),
    path("bao-cao/<int:pk>/lich-su/", views.report_history, name="report-history"),
    path("bao-cao/<int:pk>/gui/", views.report_submit, name="report-submit"),
    path("bao-cao/<int:pk>/duyet/", views.report_accept, name="report-accept"),
    path("bao-cao/<int:pk>/tra-lai/", views.report_return, name="report-return"),
    path("bao-cao/<int:pk>/mo-lai/", views.report_reopen, name="report-reopen"),
    path("minh-chung/<int:pk>/", views.evidence_download, name="evidence-download"),
    path("ky-bao-cao/<int:pk>/", views.board, name="board"),
    path("ky-bao-cao/<int:pk>/nhac/", views.board_remind, name="board-remind"),
    path("ke-hoach/<int:plan_pk>/mo-ky/", views.period_open, name="period-open"),
]
