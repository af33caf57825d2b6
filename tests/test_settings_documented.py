"""Every environment variable the package reads is documented, and nothing documented is dead.

Three lists must agree: the variables the code reads (found by parsing every module of
``chisoxanh`` with ``ast``, so nothing is imported or run), the bullets of ``settings.py``'s
docstring, and the table under "## Cấu hình" in the README. The README leaves out only the
variables in ``INTERNAL``, which the program or its tools set for themselves.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "chisoxanh"
SETTINGS = PACKAGE / "settings.py"
README = ROOT / "README.md"

# Read by the program but set by the program or its tools, never by an operator: the settings'
# docstring lists them (under "Set by the program itself"), the README's table does not.
INTERNAL = {
    # Set by `chisoxanh demo` alone. It allows the demo accounts and their well-known password,
    # so the operator's table must not invite anyone to set it.
    "CHISOXANH_DEMO",
    # Set to 0 by the page benchmark (bench/pages.py), which renders pages without running
    # collectstatic. Production always wants the hashed names of the manifest.
    "CHISOXANH_STATIC_MANIFEST",
    # Django's own; the chisoxanh command and wsgi.py point it at chisoxanh.settings.
    "DJANGO_SETTINGS_MODULE",
}

# Libraries called by the package that read a variable themselves: (module, function) -> the
# keyword argument naming the variable, and the variable read when that argument is not given.
LIBRARY_READERS = {("dj_database_url", "config"): ("env", "DATABASE_URL")}

ENVIRON_METHODS = {"get", "setdefault", "pop"}
NAME = re.compile(r"^[A-Z][A-Z0-9_]*$")


def _is_environ(node: ast.expr) -> bool:
    """``os.environ``, or ``environ`` imported from os."""
    if isinstance(node, ast.Attribute):
        return node.attr == "environ" and isinstance(node.value, ast.Name) and node.value.id == "os"
    return isinstance(node, ast.Name) and node.id == "environ"


def _is_getenv(node: ast.expr) -> bool:
    if isinstance(node, ast.Attribute):
        return node.attr == "getenv" and isinstance(node.value, ast.Name) and node.value.id == "os"
    return isinstance(node, ast.Name) and node.id == "getenv"


def _called_name(node: ast.Call) -> str | None:
    if isinstance(node.func, ast.Name):
        return node.func.id
    if isinstance(node.func, ast.Attribute):
        return node.func.attr
    return None


def _first_argument(call: ast.Call, keyword: str | None = None) -> ast.expr | None:
    if call.args and not isinstance(call.args[0], ast.Starred):
        return call.args[0]
    for kw in call.keywords:
        if kw.arg == keyword:
            return kw.value
    return None


def _is_membership_in_environ(node: ast.Compare) -> bool:
    """``"X" in os.environ`` (or ``not in``)."""
    return any(isinstance(op, ast.In | ast.NotIn) for op in node.ops) and any(_is_environ(c) for c in node.comparators)


def _library_reader(call: ast.Call) -> tuple[str, str] | None:
    func = call.func
    if isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name):
        return LIBRARY_READERS.get((func.value.id, func.attr))
    return None


def _direct_reads(tree: ast.AST) -> list[tuple[ast.expr, int]]:
    """The expression naming the variable, and its line, of every direct use of the environment."""
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            func = node.func
            method = isinstance(func, ast.Attribute) and func.attr in ENVIRON_METHODS and _is_environ(func.value)
            if method or _is_getenv(func):
                found.append((_first_argument(node, "key"), node.lineno))
        elif isinstance(node, ast.Subscript) and _is_environ(node.value):
            found.append((node.slice, node.lineno))
        elif isinstance(node, ast.Compare) and _is_membership_in_environ(node):
            found.append((node.left, node.lineno))
    return found


def _helpers(trees: dict[str, ast.AST]) -> set[str]:
    """Functions that read the variable named by one of their own parameters, like ``env_bool``."""
    helpers = set()
    for tree in trees.values():
        for node in ast.walk(tree):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                params = {a.arg for a in [*node.args.posonlyargs, *node.args.args, *node.args.kwonlyargs]}
                for expr, _ in _direct_reads(node):
                    if isinstance(expr, ast.Name) and expr.id in params:
                        helpers.add(node.name)
    return helpers


def collect_reads(sources: dict[str, str]) -> tuple[dict[str, set[str]], list[str]]:
    """Variables read by the given modules ({name: where}), and the reads whose name is unknown."""
    trees = {where: ast.parse(text, filename=where) for where, text in sources.items()}
    helpers = _helpers(trees)
    reads: dict[str, set[str]] = {}
    unknown: list[str] = []

    def note(expr: ast.expr | None, where: str, line: int, default: str | None = None) -> None:
        if expr is None and default is not None:
            reads.setdefault(default, set()).add(f"{where}:{line}")
        elif isinstance(expr, ast.Constant) and isinstance(expr.value, str):
            reads.setdefault(expr.value, set()).add(f"{where}:{line}")
        else:
            unknown.append(f"{where}:{line}")

    for where, tree in trees.items():
        helper_bodies = {
            id(n)
            for f in ast.walk(tree)
            if isinstance(f, ast.FunctionDef | ast.AsyncFunctionDef) and f.name in helpers
            for n in ast.walk(f)
        }
        for expr, line in _direct_reads(tree):
            # Inside a helper the name is its parameter; the callers below name the variable.
            if id(expr) in helper_bodies and isinstance(expr, ast.Name):
                continue
            note(expr, where, line)
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            called = _called_name(node)
            if called in helpers:
                note(_first_argument(node, "name"), where, node.lineno)
            if (reader := _library_reader(node)) is not None:
                keyword, default = reader
                value = next((kw.value for kw in node.keywords if kw.arg == keyword), None)
                note(value, where, node.lineno, default=default)
    return reads, unknown


def package_reads() -> tuple[dict[str, set[str]], list[str]]:
    sources = {str(p.relative_to(ROOT)): p.read_text(encoding="utf-8") for p in sorted(PACKAGE.rglob("*.py"))}
    return collect_reads(sources)


def docstring_names() -> list[str]:
    doc = ast.get_docstring(ast.parse(SETTINGS.read_text(encoding="utf-8"))) or ""
    return re.findall(r"^- ``([A-Z][A-Z0-9_]*)``", doc, flags=re.MULTILINE)


def readme_first_cells() -> list[str]:
    """The first cell of every row of the configuration table, header and rule left out."""
    text = README.read_text(encoding="utf-8")
    section = text.split("\n## Cấu hình\n", 1)[1].split("\n## ", 1)[0]
    rows = [line for line in section.splitlines() if line.startswith("|")]
    return [row.split("|")[1].strip() for row in rows[2:]]


def readme_names() -> list[str]:
    return [name for cell in readme_first_cells() for name in re.findall(r"`([^`]+)`", cell) if NAME.match(name)]


def _where(reads: dict[str, set[str]], name: str) -> str:
    return ", ".join(sorted(reads[name]))


def test_every_variable_is_read_by_a_name_written_in_full():
    _, unknown = package_reads()
    assert not unknown, (
        f"the environment is read with a name computed at run time at {', '.join(unknown)}: write "
        "the name as a string literal (or through a helper like env_bool) so that it can be checked"
    )


def test_every_variable_read_is_in_the_settings_docstring():
    reads, _ = package_reads()
    missing = sorted(set(reads) - set(docstring_names()))
    assert not missing, "; ".join(
        f"{name} (read at {_where(reads, name)}) is missing from the docstring of chisoxanh/settings.py"
        for name in missing
    )


def test_every_variable_in_the_settings_docstring_is_read():
    reads, _ = package_reads()
    dead = sorted(set(docstring_names()) - set(reads))
    assert not dead, f"chisoxanh/settings.py's docstring documents {', '.join(dead)}, which nothing in chisoxanh reads"


def test_the_settings_docstring_names_each_variable_once():
    names = docstring_names()
    twice = sorted({n for n in names if names.count(n) > 1})
    assert not twice, f"chisoxanh/settings.py's docstring has more than one bullet for {', '.join(twice)}"


def test_every_variable_read_is_in_the_readme():
    reads, _ = package_reads()
    missing = sorted(set(reads) - INTERNAL - set(readme_names()))
    assert not missing, "; ".join(
        f"{name} (read at {_where(reads, name)}) is missing from the table under '## Cấu hình' in README.md"
        for name in missing
    )


def test_every_variable_in_the_readme_is_read():
    reads, _ = package_reads()
    dead = sorted(set(readme_names()) - set(reads))
    assert not dead, f"README.md's configuration table documents {', '.join(dead)}, which nothing in chisoxanh reads"


def test_the_internal_variables_are_read_and_kept_out_of_the_readme():
    reads, _ = package_reads()
    stale = sorted(INTERNAL - set(reads))
    assert not stale, f"INTERNAL lists {', '.join(stale)}, which nothing in chisoxanh reads any more"
    shown = sorted(INTERNAL & set(readme_names()))
    assert not shown, f"{', '.join(shown)} is set by the program itself; take it out of README.md's table or INTERNAL"


def test_the_readme_table_writes_every_name_in_full():
    cells = readme_first_cells()
    assert cells, "README.md has no configuration table under '## Cấu hình'"
    for cell in cells:
        names = re.findall(r"`([^`]+)`", cell)
        assert names, f"README.md's configuration table has a row without a variable name: {cell!r}"
        partial = [n for n in names if not NAME.match(n)]
        assert not partial, f"README.md's configuration table writes {partial} in a row; write each name in full"


def test_the_collector_sees_every_way_of_reading_a_variable():
    source = """
import os
from os import environ, getenv
import dj_database_url

def env_int(name, default=0):
    return int(os.environ.get(name, default))

A = os.environ.get("A", "1")
B = os.environ["B"]
C = os.getenv("C")
D = getenv("D")
os.environ.setdefault("E", "1")
F = env_int("F")
G = "G" in os.environ
H = environ.get("H")
I = settings.env_int("I")
os.environ.pop("J", None)
DATABASES = {"default": dj_database_url.config(default="sqlite://")}
OTHER = dj_database_url.config(env="OTHER_URL")
"""
    reads, unknown = collect_reads({"example.py": source})
    assert set(reads) == {*"ABCDEFGHIJ", "DATABASE_URL", "OTHER_URL"}
    assert not unknown

    _, unknown = collect_reads({"example.py": "import os\nname = 'X'\nos.environ.get(name)\n"})
    assert unknown == ["example.py:3"]
