"""Reading numbers typed by people or written in files, strictly.

``str.isdigit()`` says yes to "²", "٣" and to a 5,000-digit string, which ``int()`` then refuses
or takes seconds over: a value from a form, a URL or a spreadsheet cell is read here instead.
"""

from __future__ import annotations

import re

_WHOLE = re.compile(r"[0-9]{1,9}")


def whole_number(value: object) -> int | None:
    """An ASCII whole number of at most nine digits (surrounding spaces allowed), else None."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value if 0 <= value < 10**9 else None
    if not isinstance(value, str):
        return None
    text = value.strip()
    return int(text) if _WHOLE.fullmatch(text) else None
