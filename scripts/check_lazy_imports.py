#!/usr/bin/env python3
"""Refuse imports of project modules inside functions unless a comment says why.

An import inside a function hides a dependency from whoever reads the top of the module (and
used to hide an import cycle). import-linter sees these imports too; this check makes each one
a deliberate, explained exception: the line above the import (or above the block of imports it
belongs to) must be a comment, for example "Models can be imported only once the registry is
ready".

Usage: check_lazy_imports.py PACKAGE_DIR [PACKAGE_NAME]
"""

from __future__ import annotations

import ast
import sys
from pathlib import Path


def _is_project(node: ast.Import | ast.ImportFrom, package: str) -> bool:
    if isinstance(node, ast.ImportFrom):
        return node.level > 0 or (node.module or "").split(".")[0] == package
    return any(alias.name.split(".")[0] == package for alias in node.names)


def _explained(lines: list[str], lineno: int) -> bool:
    """Whether the nearest line above the import block is a comment."""
    i = lineno - 2  # the line above, 0-based
    while i >= 0:
        text = lines[i].strip()
        if not text or text.startswith(("from ", "import ")):
            i -= 1
            continue
        return text.startswith("#")
    return False


def check(root: Path, package: str) -> list[str]:
    problems: dict[str, None] = {}  # ordered and without the repeats of nested functions
    for path in sorted(root.rglob("*.py")):
        if "migrations" in path.parts:
            continue
        source = path.read_text(encoding="utf-8")
        lines = source.splitlines()
        for func in ast.walk(ast.parse(source, filename=str(path))):
            if not isinstance(func, ast.FunctionDef | ast.AsyncFunctionDef):
                continue
            for node in ast.walk(func):
                is_import = isinstance(node, ast.Import | ast.ImportFrom)
                if is_import and _is_project(node, package) and not _explained(lines, node.lineno):
                    problems[f"{path}:{node.lineno}: {lines[node.lineno - 1].strip()}"] = None
    return list(problems)


def main() -> int:
    root = Path(sys.argv[1])
    package = sys.argv[2] if len(sys.argv) > 2 else root.name
    problems = check(root, package)
    for problem in problems:
        print(problem)
    if problems:
        print(
            f"\n{len(problems)} import(s) of {package} inside a function without a comment saying why: "
            "move them to the top of the module, or explain on the line above."
        )
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
