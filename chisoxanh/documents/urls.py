from django.urls import path

from . import views

urlpatterns = [
    path("bao-cao-ket-qua/", views.result_report_list, name="result-report-list"),
    path(
        "ky-bao-cao/<int:period_pk>/bao-cao-ket-qua/",
        views.result_report_start,
        name="result-report-start",
    ),
    path("bao-cao-ket-qua/<int:pk>/", views.result_report_detail, name="result-report"),
    path("bao-cao-ket-qua/<int:pk>/sua/", views.result_report_edit, name="result-report-edit"),
    path(
        "bao-cao-ket-qua/<int:pk>/cap-nhat/",
        views.result_report_regenerate,
        name="result-report-regenerate",
    ),
    path(
        "bao-cao-ket-qua/<int:pk>/ky-duyet/",
        views.result_report_approve,
        name="result-report-approve",
    ),
    path("bao-cao-ket-qua/<int:pk>/gui/", views.result_report_send, name="result-report-send"),
    path("bao-cao-ket-qua/<int:pk>/nhan/", views.result_report_receive, name="result-report-receive"),
    path("bao-cao-ket-qua/<int:pk>/tai-ve.docx", views.result_report_docx, name="result-report-docx"),
    path("bao-cao-ket-qua/<int:pk>/tai-ve.pdf", views.result_report_pdf, name="result-report-pdf"),
    path(
        "bao-cao-ket-qua/<int:pk>/trang-1.png",
        views.result_report_preview,
        name="result-report-preview",
    ),
    path("ke-hoach/<int:pk>/tai-ve.docx", views.plan_docx_download, name="plan-docx"),
    path("ke-hoach/<int:pk>/nhiem-vu.xlsx", views.plan_tasks_xlsx, name="plan-xlsx"),
    path("ky-bao-cao/<int:pk>/bang-theo-doi.xlsx", views.board_xlsx, name="board-xlsx"),
    path("ky-bao-cao/<int:pk>/bao-cao-nhiem-vu.xlsx", views.reports_xlsx, name="reports-xlsx"),
    path("ke-hoach/nhap/", views.plan_import_new, name="plan-import-new"),
    path("ke-hoach/nhap/<int:pk>/", views.plan_import_review, name="plan-import"),
    path("ke-hoach/nhap/<int:pk>/trang-thai/", views.plan_import_status, name="plan-import-status"),
    path("tong-hop/", views.aggregation, name="aggregation"),
    path(
        "tong-hop/<int:plan_pk>/<int:year>/tong-hop.docx",
        views.aggregation_docx,
        name="aggregation-docx",
    ),
    path(
        "tong-hop/<int:plan_pk>/<int:year>/tong-hop.xlsx",
        views.aggregation_xlsx,
        name="aggregation-xlsx",
    ),
]
