"""Pages of the index: rankings, province profiles, comparison, charts and the table importer."""

from __future__ import annotations

import csv
import io
from decimal import Decimal, InvalidOperation

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from chisoxanh.accounts.access import require
from chisoxanh.lib.dates import page_date
from chisoxanh.lib.vietnamese import sort_key
from chisoxanh.pgi import analytics, charts, importer
from chisoxanh.pgi.models import Province, Subindex
from chisoxanh.pgi.policies import can_import_scores
from chisoxanh.reports.selectors import work_by_subindex


def _province(code: str) -> Province:
    try:
        return Province.objects.select_related("successor").get(code=code)
    except Province.DoesNotExist as exc:
        raise Http404("Không tìm thấy tỉnh, thành phố.") from exc


@login_required
def ranking(request):
    years = analytics.editions()
    try:
        year = int(request.GET.get("nam", years[0] if years else 2024))
    except ValueError:
        year = years[0] if years else 2024
    sort = request.GET.get("sap_xep", "rank")
    sort = sort if sort in analytics.SORTS else "rank"
    descending = request.GET.get("chieu") == "giam"
    rows = analytics.ranking(year, sort=sort, descending=descending)
    known = sum(1 for r in rows if r.known)
    return render(
        request,
        "pgi/ranking.html",
        {"rows": rows, "year": year, "years": years, "sort": sort, "descending": descending, "known": known,
         "sort_label": analytics.SORT_LABELS[sort],
         "subindices": Subindex.objects.order_by("number")},
    )  # fmt: skip


def _charts(profile: analytics.Profile) -> list[dict]:
    """The profile's three charts, each with the table behind it."""
    years = profile.years
    series_total, series_rank = [], []
    for p in profile.lineage:
        rows = profile.series[p.pk]
        era = "trước 2025" if p.era == Province.Era.PRE_2025 else "từ 2025"
        label = p.name if len(profile.lineage) == 1 else f"{p.name} ({era})"
        if any(r.best_total[0] is not None for r in rows):
            series_total.append(charts.Series(label, [(r.year, r.best_total[0]) for r in rows]))
        if any(r.rank for r in rows):
            series_rank.append(charts.Series(label, [(r.year, r.rank) for r in rows]))
    subs_rows = next(
        (profile.series[p.pk] for p in profile.lineage if any(any(r.subs.values()) for r in profile.series[p.pk])), []
    )
    names = {s.number: s.name for s in Subindex.objects.all()}
    series_subs = [charts.Series(f"{n}. {names[n]}", [(r.year, r.subs[n]) for r in subs_rows]) for n in analytics.SUBS]
    name = profile.province.name
    specs = [
        ("tong", f"Điểm PGI tổng của {name} (thang 40)", series_total, "điểm", {"y_min": 0, "y_max": 40}),
        ("chi-so", f"Điểm bốn chỉ số thành phần của {name} (thang 10)", series_subs, "điểm", {"y_min": 0, "y_max": 10}),
        ("xep-hang", f"Xếp hạng PGI của {name} (1 là cao nhất)", series_rank, "hạng",
         {"y_min": 1, "y_max": 63, "invert": True, "unit": "hạng"}),
    ]  # fmt: skip
    return [
        {
            "id": chart_id,
            "title": title,
            "series": series,
            "unit": unit,
            "svg": charts.line_chart(chart_id=f"bd-{chart_id}", title=title, series=series, years=years, **options),
        }
        for chart_id, title, series, unit, options in specs
    ]


def _target(request) -> tuple[int, Decimal | None]:
    rank, score = 30, None
    if (text := request.GET.get("hang", "")).isdigit() and 1 <= int(text) <= 63:
        rank = int(text)
    try:
        if (text := request.GET.get("diem", "").replace(",", ".")) and 0 < Decimal(text) <= 40:
            score = Decimal(text).quantize(Decimal("0.01"))
    except InvalidOperation:
        pass
    return rank, score


@login_required
def profile(request, code: str):
    province = _province(code)
    rank, score = _target(request)
    data = analytics.profile(province, target_rank=rank, target_score=score)
    needs = []
    if data.target and data.gap_year:
        row = next(
            (
                r
                for p in data.lineage
                for r in data.series[p.pk]
                if r.year == data.target.year and r.best_total[0] is not None
            ),
            None,
        )
        needs = analytics.what_it_takes(row, data.target.score) if row else []
    year = timezone.localdate().year
    scope_label, work = work_by_subindex(request.user, year=year)
    work_rows = []
    for s in Subindex.objects.order_by("number"):
        gap = next((g for g in data.gaps if g.number == s.number), None)
        w = work[s.number]  # a defaultdict: no work gives zero figures
        tasks = w.tasks
        # Weak: clearly below the national median (a quarter point or more), not a rounding hair.
        weak = gap is not None and gap.vs_median is not None and gap.vs_median <= Decimal("-0.25")
        work_rows.append({"subindex": s, "gap": gap, "work": w, "tasks": tasks, "warn": weak and tasks <= 1})
    return render(
        request,
        "pgi/profile.html",
        {
            "province": province, "profile": data, "charts": _charts(data), "needs": needs,
            "target_rank": rank, "target_score": score, "work_rows": work_rows, "work_year": year,
            "scope_label": scope_label, "suspect": _suspect(data),
            "can_import": can_import_scores(request.user),
        },
    )  # fmt: skip


def _suspect(profile: analytics.Profile) -> list[int]:
    """Editions where sub-indices 1 and 2 carry the same value: the pattern the source notes as
    a likely transcription error (Hải Dương 2022, Lạng Sơn and Yên Bái 2024)."""
    return sorted(
        {r.year for rows in profile.series.values() for r in rows if r.subs[1] is not None and r.subs[1] == r.subs[2]}
    )


@login_required
def chart_download(request, code: str, chart: str, fmt: str):
    province = _province(code)
    data = analytics.profile(province)
    item = next((c for c in _charts(data) if c["id"] == chart), None)
    if item is None:
        raise Http404
    name = f"pgi-{province.code}-{chart}"
    if fmt == "svg":
        response = HttpResponse(item["svg"], content_type="image/svg+xml; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{name}.svg"'
        return response
    buf = io.StringIO()
    writer = csv.writer(buf)
    writer.writerow(["Chuỗi số liệu", *data.years])
    for s in item["series"]:
        values = dict(s.points)
        writer.writerow([s.label, *["" if values.get(y) is None else values[y] for y in data.years]])
    response = HttpResponse("\ufeff" + buf.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}.csv"'
    return response


@login_required
def compare(request):
    codes = [c for c in request.GET.getlist("tinh") if c][:5]
    provinces = analytics.find_provinces(codes)
    years, table = analytics.compare(provinces)
    series = [charts.Series(p.name, [(r.year, r.best_total[0]) for r in table[p.pk]]) for p in provinces]
    svg = (
        charts.line_chart(
            chart_id="bd-so-sanh", title="So sánh điểm PGI tổng", series=series, years=years, y_min=0, y_max=40
        )
        if provinces and years
        else ""
    )
    return render(
        request,
        "pgi/compare.html",
        {"provinces": provinces, "years": years, "table": table, "svg": svg,
         "choices": sorted(Province.objects.all(), key=lambda p: (p.era, sort_key(p.name))),
         "slots": [(i + 1, codes[i] if i < len(codes) else "") for i in range(5)]},
    )  # fmt: skip


@login_required
@require_http_methods(["GET", "POST"])
def import_table(request):
    require(can_import_scores(request.user), "Chỉ cơ quan tổng hợp hoặc quản trị mới nhập bảng kết quả PGI.")
    context: dict = {"headers": importer.TEMPLATE_HEADERS}
    if request.method == "POST":
        upload = request.FILES.get("tep")
        if upload is None:
            messages.error(request, "Hãy chọn tệp CSV hoặc XLSX.")
            return render(request, "pgi/import.html", context, status=400)
        try:
            result = importer.parse(importer.read_table(upload.name, upload.read(importer.MAX_BYTES + 1)))
        except importer.ImportRejected as exc:
            messages.error(request, f"Chưa nhập được: {exc}")
            return render(request, "pgi/import.html", context, status=400)
        if not result.ok:
            context["errors"] = result.errors
            messages.error(request, f"Tệp có {len(result.errors)} lỗi; chưa lưu dòng nào. Hãy sửa rồi nhập lại.")
            return render(request, "pgi/import.html", context, status=400)
        saved = importer.apply(
            result, actor=request.user,
            default_source=f"Bảng kết quả chính thức, nhập ngày {page_date(timezone.localdate())} ({upload.name[:80]})",
        )  # fmt: skip
        messages.success(request, f"Đã nhập {len(result.rows)} dòng ({saved} số liệu).")
        years = sorted({r.year for r in result.rows})
        return redirect(f"/chi-so/?nam={years[-1]}" if years else "/chi-so/")
    return render(request, "pgi/import.html", context)


@login_required
def import_template(request):
    response = HttpResponse(
        importer.template_xlsx(), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = 'attachment; filename="mau-bang-ket-qua-pgi.xlsx"'
    return response
