"""Writes chisoxanh/lib/data/tcvn3.json from the C library's TCVN 5712 codec (glibc iconv).

Documents typed with the ".VnTime" fonts store TCVN3 bytes; Word shows them as Windows-1252
characters. The table maps each such character to the Vietnamese letter it stands for.
Run once: python3 scripts/make-legacy-tables.py (needs `iconv` with TCVN5712-1).
"""

import json
import subprocess
from pathlib import Path

table = {}
for byte in range(0x20, 0x100):
    raw = bytes([byte])
    try:
        shown = raw.decode("cp1252")
    except UnicodeDecodeError:
        shown = raw.decode("latin-1")
    result = subprocess.run(["iconv", "-f", "TCVN5712-1", "-t", "UTF-8"], input=raw, capture_output=True)
    if result.returncode == 0:
        letter = result.stdout.decode("utf-8")
        if letter != shown:
            table[shown] = letter
out = Path(__file__).resolve().parents[1] / "chisoxanh" / "lib" / "data" / "tcvn3.json"
out.write_text(json.dumps(table, ensure_ascii=False, indent=0, sort_keys=True) + "\n", encoding="utf-8")
print(f"{len(table)} characters -> {out}")
