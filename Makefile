# baocao: `make aggregate` runs the pipeline on the bundled sample inbox,
# `make test` runs the tests. Both create the virtual environment on first use.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
PERIOD ?= 2020S1
INBOX ?= input_templates/samples/$(PERIOD)
OUTPUT ?= output
# The Word report's number, date, request and signer, when the office has written them.
REPORT ?= input_templates/samples/bao_cao_$(PERIOD).yaml

.PHONY: install aggregate templates samples expectations test check lint bench clean

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $@

install: $(VENV)/.installed

aggregate: install
	"$(VENV)/bin/baocao" aggregate --inbox "$(INBOX)" --period "$(PERIOD)" --output "$(OUTPUT)" \
		$(if $(wildcard $(REPORT)),--report "$(REPORT)")

templates: install
	"$(VENV)/bin/baocao" templates --period "$(PERIOD)" --out input_templates

samples: install
	"$(VENV)/bin/baocao" samples --period "$(PERIOD)" --out "$(INBOX)"

expectations: install
	"$(VENV)/bin/baocao" expectations --out expectations

test: install
	$(PY) -m pytest -q

lint: install
	$(VENV)/bin/ruff check pipeline tests
	$(VENV)/bin/ruff format --check pipeline tests
	$(VENV)/bin/mypy

check: lint test

# Times `baocao aggregate` at N = 8, 1,000 and 10,000 communes beside a pandas+openpyxl
# loop and the unzip floor (synthetic inboxes are drawn once into bench/data/).
bench: install
	$(PY) bench/bench.py $(BENCH_ARGS)

clean:
	rm -rf $(VENV) $(OUTPUT)/*/ .pytest_cache .mypy_cache .ruff_cache
