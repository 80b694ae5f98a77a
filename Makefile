# scapkit: two commands do all set-up on a fresh Debian machine.
#   make demo   - install, then run scapkit on a bundled sample capture
#   make test   - install everything the tests need (Debian packages too), then run them
#   make bench  - benchmarks against sysdig, side by side, printing ratios
#   make sample-traces - (root) re-record sample_traces/*.scap.gz with the eBPF capture
PY ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
# a C compiler and the Python headers build the compiled decoding loops (analyzer/scap/_fast*.c)
BUILD_DEBS := gcc python3-dev
DEBS := sysdig clang libbpf-dev bpftool tmux gcc-multilib $(BUILD_DEBS)
SAMPLE ?= $(firstword $(wildcard sample_traces/webshell.scap.gz) $(wildcard sample_traces/*.scap.gz) $(wildcard ../shared/fixtures/traces/*.scap))

.PHONY: venv debs builddebs demo test lint bench clean capture-build sample-traces

# the compiled decoding loops are built by the editable install: rebuild when their sources change
$(BIN)/scapkit: pyproject.toml setup.py $(wildcard analyzer/scap/_fast*.c analyzer/scap/_fast*.h) | builddebs
	$(PY) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[test]'
	touch $@

venv: $(BIN)/scapkit

debs builddebs:
	@missing=""; for p in $(if $(filter builddebs,$@),$(BUILD_DEBS),$(DEBS)); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -q && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -q --no-install-recommends $$missing; \
	fi

demo: venv
	$(BIN)/scapkit info $(SAMPLE)
	$(BIN)/scapkit print $(SAMPLE) | head -40
	$(BIN)/scapkit sql $(SAMPLE) "SELECT proc.name, evt.type, count(*) AS n FROM events GROUP BY ALL ORDER BY n DESC LIMIT 15"
	$(BIN)/scapkit print $(SAMPLE) 'evt.type = openat and fd.name startswith /etc' | head -20
	$(BIN)/scapkit scan $(SAMPLE) | head -20
	@# exit status 1 = findings at or above --fail-on (what CI keys on); 2 would be an error
	$(BIN)/scapkit scan $(SAMPLE) -o table --fail-on critical || test $$? -eq 1

# the eBPF probe and its loader, built into the user cache (keyed by source hash); needs clang, bpftool, libbpf-dev
capture-build: debs venv
	$(BIN)/python -m capture.build

test: debs venv capture-build
	$(BIN)/ruff check analyzer capture tests $(wildcard benchmarks sample_traces)
	$(BIN)/pytest -q

lint: venv
	$(BIN)/ruff check analyzer capture tests $(wildcard benchmarks sample_traces)

bench: debs venv
	$(BIN)/python benchmarks/run.py
	$(BIN)/python benchmarks/bench_capture.py
	$(BIN)/python benchmarks/bench_scan.py
	$(BIN)/python benchmarks/bench_tui.py
	$(BIN)/python benchmarks/write_floor.py

sample-traces: debs venv
	$(BIN)/python sample_traces/scenarios.py record $(SCENARIOS)

clean:
	rm -rf $(VENV) build *.egg-info analyzer/scap/_fast*.so
