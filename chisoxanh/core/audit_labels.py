"""The one place that turns an audit code (``reports.report.returned``) into the Vietnamese
sentence a person reads, in the admin and wherever the trail is shown. A code missing here
reads as ``FALLBACK``, never as the code itself (``tests/core/test_audit_labels.py`` checks
that every code the services write has its sentence)."""

from __future__ import annotations

FALLBACK = "Thao tác khác"

LABELS: dict[str, str] = {
    # accounts
    "accounts.api_token.issued": "Cấp mã truy cập API",
    "accounts.organization.created": "Tạo cơ quan, đơn vị",
    "accounts.user.contact_updated": "Cập nhật thông tin liên hệ",
    "accounts.user.password_changed": "Đổi mật khẩu",
    "accounts.user.password_reset": "Đặt lại mật khẩu qua thư",
    "accounts.user.password_reset_requested": "Yêu cầu đặt lại mật khẩu",
    # pgi
    "pgi.scores.imported": "Nhập điểm PGI",
    # plans
    "plans.plan.created": "Tạo kế hoạch",
    "plans.plan.updated": "Sửa kế hoạch",
    "plans.task.created": "Thêm nhiệm vụ",
    "plans.task.updated": "Sửa nhiệm vụ",
    # reports
    "reports.period.opened": "Mở kỳ báo cáo",
    "reports.period.reminded": "Nhắc các đơn vị chậm báo cáo",
    "reports.report.created": "Tạo báo cáo nhiệm vụ",
    "reports.report.saved": "Lưu báo cáo nhiệm vụ",
    "reports.report.submitted": "Gửi duyệt báo cáo nhiệm vụ",
    "reports.report.accepted": "Duyệt báo cáo nhiệm vụ",
    "reports.report.returned": "Trả lại báo cáo nhiệm vụ",
    "reports.report.reopened": "Mở lại báo cáo nhiệm vụ",
    "reports.report.withdrawn": "Rút lại báo cáo nhiệm vụ đã gửi",
    # documents
    "documents.plan_import.uploaded": "Tải lên văn bản kế hoạch để nhập",
    "documents.plan_import.edited": "Sửa bản nháp nhập kế hoạch",
    "documents.plan_import.confirmed": "Xác nhận nhập kế hoạch",
    "documents.result_report.created": "Lập báo cáo kết quả",
    "documents.result_report.edited": "Sửa nội dung báo cáo kết quả",
    "documents.result_report.regenerated": "Cập nhật số liệu báo cáo kết quả",
    "documents.result_report.approved": "Ký duyệt, cấp số báo cáo kết quả",
    "documents.result_report.returned": "Trả lại báo cáo kết quả",
    "documents.result_report.resubmitted": "Trình lại báo cáo kết quả",
    "documents.result_report.sent": "Gửi báo cáo kết quả",
    "documents.result_report.received": "Xác nhận đã nhận báo cáo kết quả",
}


def label(action: str) -> str:
    """The sentence for an audit code; ``FALLBACK`` for a code nobody described."""
    return LABELS.get(action, FALLBACK)


def choices() -> list[tuple[str, str]]:
    """Every known code with its sentence, in the order of the sentences (for filters)."""
    return sorted(LABELS.items(), key=lambda item: item[1])
