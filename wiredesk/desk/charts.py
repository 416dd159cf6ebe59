"""Small server-rendered SVG bar charts: no JavaScript, no external assets.

Each chart is an accessible image: ``role="img"`` with a title and a description
that states the totals, a <title> tooltip on every bar, labelled axes, and a
legend naming each series by colour.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import count

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

# Colour-blind-safe palette (Okabe–Ito).
PALETTE = (
    "#0072B2",
    "#E69F00",
    "#009E73",
    "#CC79A7",
    "#56B4E9",
    "#D55E00",
    "#F0E442",
    "#000000",
)
_ids = count(1)


@dataclass(frozen=True)
class Series:
    name: str
    values: list[int]


def _nice_max(value: float) -> int:
    """The smallest 1, 2 or 5 × 10^k at or above ``value`` (at least 1)."""
    if value <= 1:
        return 1
    step = 1
    while True:
        for factor in (1, 2, 5):
            if step * factor >= value:
                return step * factor
        step *= 10


def bar_chart(
    title: str,
    labels: list[str],
    series: list[Series],
    *,
    unit: str = "items",
    x_label: str = "",
    width: int = 720,
    height: int = 240,
    label_every: int = 1,
) -> SafeString:
    """Stacked bars, one per label, one colour per series."""
    uid = f"chart{next(_ids)}"
    left, right, top, bottom = 44, 12, 12, 48 if x_label else 32
    legend_h = 20 if len(series) > 1 else 0
    plot_w = width - left - right
    plot_h = height - top - bottom - legend_h
    totals = [sum(s.values[i] for s in series) for i in range(len(labels))]
    grand = sum(totals)
    y_max = _nice_max(max(totals, default=0))
    n = max(len(labels), 1)
    slot = plot_w / n
    bar_w = max(slot * 0.72, 1)
    parts: list[str] = []

    # Grid lines and y ticks at 0, ½ and the top.
    for frac in (0, 0.5, 1):
        y = top + plot_h - frac * plot_h
        parts.append(
            f'<line x1="{left}" x2="{width - right}" y1="{y:.1f}" y2="{y:.1f}" '
            f'class="grid"/><text x="{left - 6}" y="{y + 4:.1f}" '
            f'text-anchor="end" class="tick">{round(y_max * frac):g}</text>'
        )
    for i, name in enumerate(labels):
        x = left + i * slot + (slot - bar_w) / 2
        base = top + plot_h
        for k, s in enumerate(series):
            value = s.values[i]
            if not value:
                continue
            h = value / y_max * plot_h
            base -= h
            tip = (
                f"{s.name}, {name}: {value} {unit}"
                if len(series) > 1
                else (f"{name}: {value} {unit}")
            )
            parts.append(
                f'<rect x="{x:.1f}" y="{base:.1f}" width="{bar_w:.1f}" '
                f'height="{h:.1f}" fill="{PALETTE[k % len(PALETTE)]}">'
                f"<title>{escape(tip)}</title></rect>"
            )
        if i % label_every == 0:
            parts.append(
                f'<text x="{x + bar_w / 2:.1f}" y="{top + plot_h + 16}" '
                f'text-anchor="middle" class="tick">{escape(name)}</text>'
            )
    if x_label:
        parts.append(
            f'<text x="{left + plot_w / 2:.1f}" y="{top + plot_h + 36}" '
            f'text-anchor="middle" class="axis">{escape(x_label)}</text>'
        )
    if legend_h:
        x = left
        y = height - 8
        for k, s in enumerate(series):
            parts.append(
                f'<rect x="{x}" y="{y - 10}" width="10" height="10" '
                f'fill="{PALETTE[k % len(PALETTE)]}"/>'
                f'<text x="{x + 14}" y="{y}" class="legend">{escape(s.name)}</text>'
            )
            x += 24 + 7 * len(s.name)
    per_series = "; ".join(f"{s.name}: {sum(s.values)}" for s in series)
    desc = f"{grand} {unit} in all" + (f" ({per_series})" if len(series) > 1 else "")
    if labels:
        desc += f", from {labels[0]} to {labels[-1]}"
    svg = (
        f'<svg class="chart" viewBox="0 0 {width} {height}" role="img" '
        f'aria-labelledby="{uid}-t {uid}-d" xmlns="http://www.w3.org/2000/svg">'
        f'<title id="{uid}-t">{escape(title)}</title>'
        f'<desc id="{uid}-d">{escape(desc)}.</desc>{"".join(parts)}</svg>'
    )
    return mark_safe(svg)  # every text above was escaped
