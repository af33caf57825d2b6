"""Result report endpoints: the same services as the pages."""

import datetime as dt

from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from ninja import Router, Schema

from chisoxanh.accounts.access import require
from chisoxanh.core.http import DOCX, PDF, attachment
from chisoxanh.documents import convert, exports, services, xlsx
from chisoxanh.documents.models import ResultReport
from chisoxanh.documents.policies import result_reports
from chisoxanh.documents.selectors import result_report_get
from chisoxanh.reports import selectors as report_selectors

from .reports import VersionIn
from .schemas import WRITE_ERRORS, ErrorOut

router = Router(tags=["Báo cáo kết quả"])


class SectionOut(Schema):
    key: str
    title: str
    text: str
    edited: bool
    stale: bool


class ResultReportOut(Schema):
    id: int
    reference: str
    number: int | None
    symbol: str
    title: str
    state: str
    agency: str
    recipient: str | None
    period_id: int
    issued_on: dt.date | None
    version: int
    sections: list[SectionOut]
    appendix: dict


class EditIn(Schema):
    version: int
    sections: dict[str, str] = {}
    title: str | None = None
    place: str | None = None
    signer_authority: str | None = None
    signer_title: str | None = None
    signer_name: str | None = None
    recipients: str | None = None


def _out(r: ResultReport) -> dict:
    return {
        "id": r.pk, "reference": r.reference, "number": r.number, "symbol": r.symbol, "title": r.title,
        "state": r.state, "agency": r.agency.name, "recipient": r.recipient.name if r.recipient_id else None,
        "period_id": r.period_id, "issued_on": r.issued_on, "version": r.version,
        "sections": [
            {"key": k, "title": v.get("title", ""), "text": r.text(k), "edited": v.get("edited") is not None,
             "stale": bool(v.get("stale"))}
            for k, v in r.section_map().items()
        ],
        "appendix": r.appendix,
    }  # fmt: skip


def _get(request, pk: int) -> ResultReport:
    return result_report_get(request.user, pk)


@router.post(
    "/periods/{period_id}/result-report",
    response={201: ResultReportOut, **WRITE_ERRORS},
    summary="Lập (hoặc mở) báo cáo kết quả của một kỳ",
)
def start(request: HttpRequest, period_id: int):
    period = report_selectors.period_get(request.user, period_id)
    report = services.result_report_start(actor=request.user, period=period, today=timezone.localdate())
    return 201, _out(_get(request, report.pk))


@router.get("/result-reports/{report_id}", response=ResultReportOut, summary="Xem một báo cáo kết quả")
def read(request: HttpRequest, report_id: int):
    return _out(_get(request, report_id))


@router.put(
    "/result-reports/{report_id}",
    response={200: ResultReportOut, **WRITE_ERRORS},
    summary="Sửa nội dung báo cáo kết quả",
)
def edit(request: HttpRequest, report_id: int, payload: EditIn):
    report = _get(request, report_id)
    require(result_reports.can_compose(request.user, report.agency), "Chỉ Văn phòng mới sửa được báo cáo kết quả.")
    meta = {f: getattr(payload, f) for f in services.META_FIELDS if getattr(payload, f) is not None}
    services.result_report_edit(
        actor=request.user,
        report=report,
        expected_version=payload.version,
        texts=payload.sections,
        meta=meta,
    )
    return _out(_get(request, report_id))


@router.post(
    "/result-reports/{report_id}/regenerate",
    response={200: ResultReportOut, **WRITE_ERRORS},
    summary="Lấy số liệu mới cho báo cáo kết quả",
)
def regenerate(request: HttpRequest, report_id: int, payload: VersionIn):
    report = _get(request, report_id)
    services.result_report_regenerate(
        actor=request.user,
        report=report,
        expected_version=payload.version,
        today=timezone.localdate(),
    )
    return _out(_get(request, report_id))


@router.post(
    "/result-reports/{report_id}/approve",
    response={200: ResultReportOut, **WRITE_ERRORS},
    summary="Ký duyệt, cấp số báo cáo kết quả",
)
def approve(request: HttpRequest, report_id: int, payload: VersionIn):
    services.result_report_approve(
        actor=request.user, report=_get(request, report_id), expected_version=payload.version
    )
    return _out(_get(request, report_id))


@router.post(
    "/result-reports/{report_id}/send", response={200: ResultReportOut, **WRITE_ERRORS}, summary="Gửi báo cáo kết quả"
)
def send(request: HttpRequest, report_id: int, payload: VersionIn):
    services.result_report_send(actor=request.user, report=_get(request, report_id), expected_version=payload.version)
    return _out(_get(request, report_id))


@router.post(
    "/result-reports/{report_id}/receive",
    response={200: ResultReportOut, **WRITE_ERRORS},
    summary="Xác nhận đã nhận báo cáo kết quả",
)
def receive(request: HttpRequest, report_id: int, payload: VersionIn):
    services.result_report_receive(
        actor=request.user, report=_get(request, report_id), expected_version=payload.version
    )
    return _out(_get(request, report_id))


@router.get("/result-reports/{report_id}/docx", summary="Tải báo cáo kết quả dạng DOCX")
def docx(request: HttpRequest, report_id: int) -> HttpResponse:
    report = _get(request, report_id)
    return attachment(services.result_report_docx(report), services.result_report_filename(report, "docx"), DOCX)


@router.get(
    "/result-reports/{report_id}/pdf", response={200: None, 404: ErrorOut}, summary="Tải báo cáo kết quả dạng PDF"
)
def pdf(request: HttpRequest, report_id: int) -> HttpResponse:
    report = _get(request, report_id)
    try:
        content = services.result_report_pdf(report)
    except convert.ConversionUnavailable as exc:
        return 404, {"detail": str(exc)}
    return attachment(content, services.result_report_filename(report, "pdf"), PDF)


@router.get("/periods/{period_id}/board.xlsx", summary="Tải bảng theo dõi của kỳ dạng XLSX")
def board_xlsx(request: HttpRequest, period_id: int) -> HttpResponse:
    period = report_selectors.period_get(request.user, period_id)
    exporter = exports.BoardExporter(period, today=timezone.localdate())
    return xlsx.download(exporter)
