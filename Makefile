# The two commands of the README: `make demo` and `make test`. Everything else is their plumbing.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cksum pyproject.toml | cut -d' ' -f1)
PG_URL ?= postgres://postgres@127.0.0.1:5432/chisoxanh

.PHONY: demo test test-sqlite test-postgres lint install system-deps bench bench-documents bench-import bench-pages bench-load clean

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; assert sys.version_info >= (3, 11), "Cần Python 3.11 trở lên"'
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	@rm -f $(VENV)/.installed-*
	@touch $@

install: $(STAMP)

## Serve the demo province at http://127.0.0.1:8000 (SQLite in ./data).
demo: $(STAMP)
	$(BIN)/chisoxanh demo --port 8000

system-deps:
	@./scripts/system-deps.sh

## Style, then the direction of the layers (import-linter, every import) and the rule that an
## import inside a function says why on the line above.
lint: $(STAMP)
	$(BIN)/ruff check chisoxanh tests bench scripts
	$(BIN)/ruff format --check chisoxanh tests bench scripts
	$(BIN)/lint-imports --no-cache
	$(BIN)/python scripts/check_lazy_imports.py chisoxanh

test-sqlite: $(STAMP)
	$(BIN)/pytest -q

# The same suite on PostgreSQL. It is skipped with a notice when no server answers, except when
# CHISOXANH_REQUIRE_ALL=1 (CI), where a missing server is a failure.
test-postgres: $(STAMP)
	@if ./scripts/postgres.sh; then \
		DATABASE_URL=$(PG_URL) $(BIN)/pytest -q -p no:randomly; \
	elif [ "$$CHISOXANH_REQUIRE_ALL" = 1 ]; then \
		echo "PostgreSQL không chạy trên 127.0.0.1:5432 mà CHISOXANH_REQUIRE_ALL=1 yêu cầu"; exit 1; \
	else \
		echo "Bỏ qua lượt kiểm thử trên PostgreSQL: không có máy chủ trên 127.0.0.1:5432"; \
	fi

## The whole suite: lint, then SQLite, then PostgreSQL.
test: system-deps lint test-sqlite test-postgres

## Every benchmark (pages S/M on SQLite and PostgreSQL, documents, import, load): one table,
## bench/results/summary.md and .json. About 5 minutes on 2 cores.
bench: $(STAMP) system-deps
	@./scripts/system-deps.sh wrk
	@./scripts/postgres.sh || true
	$(BIN)/python -m bench

## Document benchmarks (result report DOCX, provincial summary): prints a table, writes bench/results/.
bench-documents: $(STAMP)
	$(BIN)/python -m bench.documents

## Plan import benchmarks (30-page DOCX parse, OCR overhead over Tesseract).
bench-import: $(STAMP)
	$(BIN)/python -m bench.plan_import

## Page timings and query counts at sizes S and M (BENCH_DATABASE_URL=postgres://… for PostgreSQL).
bench-pages: $(STAMP)
	$(BIN)/python -m bench.pages

## Loopback load on the Office board (wrk), XLSX of 100k rows, worker memory.
bench-load: $(STAMP)
	@./scripts/system-deps.sh wrk
	$(BIN)/python -m bench.load

clean:
	rm -rf $(VENV) build *.egg-info tests/artifacts
