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
# The unit the run aggregates for: the 2026 sample is Quảng Ngãi (51), a two-level province
# reporting straight from its 96 communes; the 2020 sample is the bundled district (Ngọc Hồi).
UNIT_2026S1 := 51
UNIT ?= $(UNIT_$(PERIOD))

.PHONY: install aggregate templates samples expectations test check lint bench clean registries

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $@

install: $(VENV)/.installed

aggregate: install
	"$(VENV)/bin/baocao" aggregate --inbox "$(INBOX)" --period "$(PERIOD)" --output "$(OUTPUT)" \
		$(if $(UNIT),--root "$(UNIT)") $(if $(wildcard $(REPORT)),--report "$(REPORT)")

templates: install
	"$(VENV)/bin/baocao" templates --period "$(PERIOD)" --out input_templates $(if $(UNIT),--root "$(UNIT)")

samples: install
	"$(VENV)/bin/baocao" samples --period "$(PERIOD)" --out "$(INBOX)" $(if $(UNIT),--root "$(UNIT)")

expectations: install
	"$(VENV)/bin/baocao" expectations --out expectations

test: install
	$(PY) -m pytest -q

lint: install
	$(VENV)/bin/ruff check pipeline tests
	$(VENV)/bin/ruff format --check pipeline tests
	$(VENV)/bin/mypy

check: lint test

# Times `baocao aggregate` on the sample, real provinces and the whole country (the bundled
# vn-2020 and vn-2025 registries) beside a pandas+openpyxl loop and the unzip floor; the
# inboxes are drawn once into bench/data/. BENCH_ARGS=--quick skips the two national shapes.
bench: install
	$(PY) bench/bench.py $(BENCH_ARGS)

# The national registries and the 2025 merger map in pipeline/spec/data/units/, rebuilt from
# their sources at the commits pinned in pipeline/spec/registry_sources.py (checksums checked).
registries: install
	$(PY) -m pipeline.spec.registry_build --download --sources build/registry-sources --out pipeline/spec/data/units

clean:
	rm -rf $(VENV) $(OUTPUT)/*/ .pytest_cache .mypy_cache .ruff_cache
