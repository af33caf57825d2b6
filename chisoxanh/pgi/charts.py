"""Line charts drawn on the server as SVG: no script, no CDN, printable, and readable by screen
readers (a <title>, a <desc> that states every value, and the page shows the data table too)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from html import escape

COLORS = ("#1b5e20", "#0277bd", "#6a1b9a", "#ef6c00", "#c62828", "#00838f")


@dataclass
class Series:
    label: str
    points: list[tuple[int, float | Decimal | None]]  # (year, value); None = unknown


def _fmt(value: float | Decimal) -> str:
    return f"{float(value):.2f}".replace(".", ",")


def line_chart(
    *,
    chart_id: str,
    title: str,
    series: list[Series],
    years: list[int],
    y_min: float,
    y_max: float,
    invert: bool = False,
    unit: str = "điểm",
    width: int = 640,
    height: int = 300,
) -> str:
    """An SVG line chart; ``invert`` puts small values on top (ranks: 1 is best)."""
    left, right, top, bottom = 48, 150, 34, 36
    plot_w, plot_h = width - left - right, height - top - bottom

    def x(year: int) -> float:
        if len(years) == 1:
            return left + plot_w / 2
        return left + plot_w * years.index(year) / (len(years) - 1)

    def y(value: float) -> float:
        share = (float(value) - y_min) / (y_max - y_min)
        return top + (share if invert else 1 - share) * plot_h

    desc_parts = []
    for s in series:
        known = [f"{year}: {_fmt(v) if unit != 'hạng' else int(v)}" for year, v in s.points if v is not None]
        desc_parts.append(f"{s.label}: {', '.join(known) if known else 'chưa có số liệu'}")
    desc = "; ".join(desc_parts) + "."
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
        f'role="img" aria-labelledby="{chart_id}-title {chart_id}-desc" class="chart" id="{chart_id}" '
        f'font-family="Liberation Sans, Arial, sans-serif" font-size="12">',
        f'<title id="{chart_id}-title">{escape(title)}</title>',
        f'<desc id="{chart_id}-desc">{escape(desc)}</desc>',
        f'<rect x="0" y="0" width="{width}" height="{height}" fill="#ffffff"/>',
        f'<text x="{left}" y="18" font-size="14" font-weight="bold" fill="#1f2933">{escape(title)}</text>',
    ]
    ticks = 5
    for i in range(ticks + 1):
        value = y_min + (y_max - y_min) * i / ticks
        ty = y(value)
        label = str(round(value)) if unit == "hạng" else f"{value:g}".replace(".", ",")
        out.append(f'<line x1="{left}" y1="{ty:.1f}" x2="{left + plot_w}" y2="{ty:.1f}" stroke="#e0e6e3"/>')
        out.append(f'<text x="{left - 6}" y="{ty + 4:.1f}" text-anchor="end" fill="#5f6b76">{label}</text>')
    for year in years:
        out.append(f'<text x="{x(year):.1f}" y="{top + plot_h + 20}" text-anchor="middle" fill="#5f6b76">{year}</text>')
    for i, s in enumerate(series):
        color = COLORS[i % len(COLORS)]
        known = [(year, v) for year, v in s.points if v is not None]
        # Lines join consecutive known editions only: a gap in the data stays a gap.
        segment: list[str] = []
        for year in years:
            value = dict(s.points).get(year)
            if value is None:
                if len(segment) > 1:
                    out.append(
                        f'<polyline points="{" ".join(segment)}" fill="none" stroke="{color}" stroke-width="2.5"/>'
                    )
                segment = []
                continue
            segment.append(f"{x(year):.1f},{y(value):.1f}")
        if len(segment) > 1:
            out.append(f'<polyline points="{" ".join(segment)}" fill="none" stroke="{color}" stroke-width="2.5"/>')
        for year, value in known:
            text = str(int(value)) if unit == "hạng" else _fmt(value)
            out.append(
                f'<circle cx="{x(year):.1f}" cy="{y(value):.1f}" r="4" fill="{color}">'
                f"<title>{escape(s.label)} {year}: {text}</title></circle>"
            )
            out.append(
                f'<text x="{x(year):.1f}" y="{y(value) - 8:.1f}" text-anchor="middle" fill="{color}" '
                f'font-size="11">{text}</text>'
            )
        ly = top + 16 * i + 6
        out.append(f'<rect x="{left + plot_w + 14}" y="{ly - 8}" width="12" height="4" fill="{color}"/>')
        out.append(f'<text x="{left + plot_w + 30}" y="{ly - 3}" fill="#1f2933">{escape(s.label[:22])}</text>')
    out.append("</svg>")
    return "\n".join(out)
