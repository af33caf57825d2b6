"""Short codes that tell a plan's tasks apart in table headers and legends."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

# The points ("điểm") of a clause are lettered in Vietnamese alphabet order (Decree 30/2020,
# Appendix I): no f, j, w, z, and đ after d.
POINT_LETTERS = ("a", "b", "c", "d", "đ", "e", "g", "h", "i", "k", "l", "m", "n", "o", "p", "q", "r", "s", "t",
                 "u", "v", "x", "y")  # fmt: skip


def task_codes(sections: Sequence[str]) -> list[str]:
    """The code of each task, in plan order: its section ("II.1"); where several tasks share one
    (a section the plan writes as several paragraphs), "III.1.a", "III.1.b" in their order; a task
    with no section, its place in the plan ("4")."""
    counts = Counter(s.strip() for s in sections if s.strip())
    seen: Counter = Counter()
    codes = []
    for position, raw in enumerate(sections, start=1):
        section = raw.strip()
        if not section:
            codes.append(str(position))
            continue
        if counts[section] == 1:
            codes.append(section)
            continue
        i = seen[section]
        seen[section] += 1
        codes.append(f"{section}.{POINT_LETTERS[i] if i < len(POINT_LETTERS) else i + 1}")
    return codes
