"""Every page's address. Names are stable: templates, tests and e-mails reverse them."""

from django.contrib.auth import views as auth_views
from django.urls import path

from .views import accounts, documents, home, notifications, pgi, plans, reports, search

urlpatterns = [
    path("", home.home, name="home"),
    path("healthz", home.healthz, name="healthz"),
    path("tim-kiem/", search.search, name="search"),
    path("bang-theo-doi/", home.current_board, name="current-board"),
    # accounts
    path(
        "dang-nhap/",
        auth_views.LoginView.as_view(template_name="accounts/login.html", redirect_authenticated_user=True),
        name="login",
    ),
    path("dang-xuat/", auth_views.LogoutView.as_view(), name="logout"),
    path("ca-nhan/", accounts.profile, name="profile"),
    path("ca-nhan/doi-mat-khau/", accounts.PasswordChangeView.as_view(), name="password-change"),
    path("quen-mat-khau/", accounts.PasswordResetView.as_view(), name="password-reset"),
    path(
        "quen-mat-khau/da-gui/",
        auth_views.PasswordResetDoneView.as_view(template_name="accounts/password_reset_sent.html"),
        name="password-reset-sent",
    ),
    path(
        "dat-lai-mat-khau/xong/",
        auth_views.PasswordResetCompleteView.as_view(template_name="accounts/password_reset_complete.html"),
        name="password-reset-complete",
    ),
    path(
        "dat-lai-mat-khau/<uidb64>/<token>/",
        accounts.PasswordResetConfirmView.as_view(),
        name="password-reset-confirm",
    ),
    path("co-quan/", accounts.organization_list, name="organization-list"),
    path("co-quan/<int:pk>/", accounts.organization_detail, name="organization-detail"),
    # plans
    path("ke-hoach/", plans.plan_list, name="plan-list"),
    path("ke-hoach/tao-moi/", plans.plan_create, name="plan-create"),
    path("ke-hoach/<int:pk>/", plans.plan_detail, name="plan-detail"),
    path("ke-hoach/<int:pk>/sua/", plans.plan_edit, name="plan-edit"),
    path("ke-hoach/<int:plan_pk>/nhiem-vu/them/", plans.task_create, name="task-create"),
    path("nhiem-vu/", plans.task_list, name="task-list"),
    path("nhiem-vu/<int:pk>/sua/", plans.task_edit, name="task-edit"),
    # reports
    path("viec-cua-toi/", reports.my_work, name="my-work"),
    path("duyet-bao-cao/", reports.review_queue, name="review-queue"),
    path("duyet-bao-cao/duyet-nhieu/", reports.review_bulk_accept, name="review-bulk-accept"),
    path("tong-quan/", reports.overview, name="overview"),
    path("thong-bao/", notifications.notification_list, name="notifications"),
    path("thong-bao/<int:pk>/", notifications.notification_open, name="notification-open"),
    path("bao-cao/<int:pk>/", reports.report_detail, name="report-detail"),
    path("bao-cao/<int:pk>/sua/", reports.report_edit, name="report-edit"),
    path("bao-cao/<int:pk>/lich-su/", reports.report_history, name="report-history"),
    path("bao-cao/<int:pk>/gui/", reports.report_step, {"step": "submit"}, name="report-submit"),
    path("bao-cao/<int:pk>/duyet/", reports.report_step, {"step": "accept"}, name="report-accept"),
    path("bao-cao/<int:pk>/tra-lai/", reports.report_step, {"step": "return"}, name="report-return"),
    path("bao-cao/<int:pk>/mo-lai/", reports.report_step, {"step": "reopen"}, name="report-reopen"),
    path("bao-cao/<int:pk>/rut-lai/", reports.report_step, {"step": "withdraw"}, name="report-withdraw"),
    path("minh-chung/<int:pk>/", reports.evidence_download, name="evidence-download"),
    path("ky-bao-cao/<int:pk>/", reports.board, name="board"),
    path("ky-bao-cao/<int:pk>/nhac/", reports.board_remind, name="board-remind"),
    path("ke-hoach/<int:plan_pk>/mo-ky/", reports.period_open, name="period-open"),
    # documents
    path("bao-cao-ket-qua/", documents.result_report_list, name="result-report-list"),
    path(
        "ky-bao-cao/<int:period_pk>/bao-cao-ket-qua/",
        documents.result_report_start,
        name="result-report-start",
    ),
    path("bao-cao-ket-qua/<int:pk>/", documents.result_report_detail, name="result-report"),
    path("bao-cao-ket-qua/<int:pk>/sua/", documents.result_report_edit, name="result-report-edit"),
    path(
        "bao-cao-ket-qua/<int:pk>/cap-nhat/",
        documents.result_report_regenerate,
        name="result-report-regenerate",
    ),
    # Signing and sending each open a page that asks for confirmation first (GET), then do it (POST).
    path("bao-cao-ket-qua/<int:pk>/ky-duyet/", documents.result_report_approve, name="result-report-approve"),
    path("bao-cao-ket-qua/<int:pk>/tra-lai/", documents.result_report_return, name="result-report-return"),
    path(
        "bao-cao-ket-qua/<int:pk>/trinh-lai/",
        documents.result_report_step,
        {"step": "resubmit"},
        name="result-report-resubmit",
    ),
    path("bao-cao-ket-qua/<int:pk>/gui/", documents.result_report_send, name="result-report-send"),
    path(
        "bao-cao-ket-qua/<int:pk>/nhan/",
        documents.result_report_step,
        {"step": "receive"},
        name="result-report-receive",
    ),
    path("bao-cao-ket-qua/<int:pk>/tai-ve.docx", documents.result_report_docx, name="result-report-docx"),
    path("bao-cao-ket-qua/<int:pk>/tai-ve.pdf", documents.result_report_pdf, name="result-report-pdf"),
    path(
        "bao-cao-ket-qua/<int:pk>/trang-1.png",
        documents.result_report_preview,
        name="result-report-preview",
    ),
    path("ke-hoach/<int:pk>/tai-ve.docx", documents.plan_docx_download, name="plan-docx"),
    path("ke-hoach/<int:pk>/nhiem-vu.xlsx", documents.plan_tasks_xlsx, name="plan-xlsx"),
    path("ky-bao-cao/<int:pk>/bang-theo-doi.xlsx", documents.board_xlsx, name="board-xlsx"),
    path("ky-bao-cao/<int:pk>/bao-cao-nhiem-vu.xlsx", documents.reports_xlsx, name="reports-xlsx"),
    path("ke-hoach/nhap/", documents.plan_import_new, name="plan-import-new"),
    path("ke-hoach/nhap/mau.xlsx", documents.plan_import_template, name="plan-import-template"),
    path("ke-hoach/nhap/<int:pk>/", documents.plan_import_review, name="plan-import"),
    path("ke-hoach/nhap/<int:pk>/sua/", documents.plan_import_edit, name="plan-import-edit"),
    path("ke-hoach/nhap/<int:pk>/trang-thai/", documents.plan_import_status, name="plan-import-status"),
    path("tong-hop/", documents.aggregation, name="aggregation"),
    path(
        "tong-hop/<int:plan_pk>/<int:year>/tong-hop.docx",
        documents.aggregation_docx,
        name="aggregation-docx",
    ),
    path(
        "tong-hop/<int:plan_pk>/<int:year>/tong-hop.xlsx",
        documents.aggregation_xlsx,
        name="aggregation-xlsx",
    ),
    # pgi
    path("chi-so/", pgi.ranking, name="pgi-ranking"),
    path("chi-so/so-sanh/", pgi.compare, name="pgi-compare"),
    path("chi-so/nhap/", pgi.import_table, name="pgi-import"),
    path("chi-so/nhap/mau.xlsx", pgi.import_template, name="pgi-import-template"),
    path("chi-so/<str:code>/", pgi.profile, name="pgi-profile"),
    path("chi-so/<str:code>/bieu-do/<slug:chart>.<str:fmt>", pgi.chart_download, name="pgi-chart"),
]
