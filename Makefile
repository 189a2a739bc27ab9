SHELL := /bin/bash
# Annals: the two commands a newcomer runs are `make demo` and `make test`.
# Each installs what is missing (Debian's liblz4-dev, lz4 and openssl, Python's jsonschema),
# then builds and runs. Nothing else is needed by hand.

SWIFT      ?= swift
APT_GET    := $(shell command -v sudo >/dev/null 2>&1 && [ "$$(id -u)" != 0 ] && echo sudo) apt-get
DEMO_DIR   ?= demo-archive

.PHONY: all build test demo deps bench bench-check bench-thresholds bench-server clean reliability reliability-figures reliability-api page browser-deps test-browser

all: build

# Debian's liblz4-dev (the C library the CLZ4 target links), the `lz4` tool (the
# tests check that every sealed segment passes `lz4 -t`), the `openssl` tool (the
# server's TLS test makes a self-signed certificate with it) and Python's jsonschema
# (an independent validator for the export schema).
deps:
	@if ! pkg-config --exists liblz4 || ! command -v lz4 >/dev/null 2>&1 || ! command -v openssl >/dev/null 2>&1; then \
		echo "installing liblz4-dev, lz4 and openssl with apt-get"; \
		$(APT_GET) update -qq && $(APT_GET) install -y -qq liblz4-dev lz4 pkg-config openssl >/dev/null; \
	fi
	@if ! python3 -c 'import jsonschema' >/dev/null 2>&1; then \
		echo "installing python3 jsonschema"; \
		python3 -m pip install -q jsonschema 2>/dev/null || $(APT_GET) install -y -qq python3-jsonschema >/dev/null; \
	fi

# Builds everything, tests included, and refuses any compiler warning in the
# project's own sources (dependencies' warnings are theirs).
build: deps page
	@mkdir -p .build
	@set -o pipefail; $(SWIFT) build --build-tests 2>&1 | tee .build/last-build.log
	@if grep -E "^$(CURDIR)/(Sources|Tests)/.*warning:" .build/last-build.log; then \
		echo "error: the build has warnings (above); fix them"; exit 1; fi

# The tests include the reliability harness's short form (Tests/AnnalsLogTests/Reliability);
# its figures are printed at the end. They run beside a throwaway PostgreSQL server
# (Scripts/with-postgres.sh: installed with apt-get when missing, started as the
# postgres user on a unix socket in a temporary folder, stopped afterwards); if it
# cannot start, the target fails: the PostgreSQL suites never skip.
# Then the page in a real browser (test-browser), a step of its own: it runs even
# when a Swift test failed, and either failing fails the target.
test: build
	@rm -f .build/reliability-figures.txt
	@ANNALS_RELIABILITY_FIGURES=$(CURDIR)/.build/reliability-figures.txt ./Scripts/with-postgres.sh $(SWIFT) test --skip-build; status=$$?; \
		$(MAKE) --no-print-directory reliability-figures; \
		$(MAKE) --no-print-directory test-browser || status=1; exit $$status

# The search page as archivists meet it (Tests/Browser/page_test.py): `annals serve`
# on a loopback port over a generated archive, driven in headless Chromium through
# chromedriver; screenshots and a printed register in .build/page-test/. It fails,
# never skips, when Chromium cannot start.
test-browser: browser-deps page
	$(SWIFT) build --product annals
	python3 Tests/Browser/page_test.py --annals $(CURDIR)/.build/debug/annals

# Debian's chromium, its WebDriver and the CJK font it needs (without it, Chinese is
# drawn as empty boxes), and Python's selenium.
browser-deps:
	@if ! command -v chromium >/dev/null 2>&1 || ! command -v chromedriver >/dev/null 2>&1 \
		|| ! fc-list :lang=zh 2>/dev/null | grep -q 'WenQuanYi Micro Hei'; then \
		echo "installing chromium, chromium-driver and fonts-wqy-microhei with apt-get"; \
		$(APT_GET) update -qq && $(APT_GET) install -y -qq chromium chromium-driver fonts-wqy-microhei >/dev/null; \
	fi
	@if ! python3 -c 'import selenium' >/dev/null 2>&1; then \
		echo "installing python3 selenium"; \
		python3 -m pip install -q selenium 2>/dev/null || $(APT_GET) install -y -qq python3-selenium >/dev/null; \
	fi

# The full reliability harness (README, "Reliability"), on a release build: 300 writers
# killed with SIGKILL while importing, 320 damaged archives, the malformed-input corpus,
# a destruction stopped at each of its I/O calls (SIGKILL, ENOSPC, EIO), forged derived files,
# and the fuzz targets under libFuzzer with AddressSanitizer (an optimized build in
# .build-fuzz; a toolchain without libFuzzer falls back to the seeded mutation fuzzer).
# About 9 minutes of runs, after the builds (the first builds take longer).
FUZZ_FLAGS := -Xswiftc -sanitize=fuzzer,address -Xlinker --export-dynamic-symbol=LLVMFuzzerRunDriver
reliability: build
	$(SWIFT) build -c release --product annals
	@if $(SWIFT) build -c release --scratch-path .build-fuzz --product AnnalsFuzz $(FUZZ_FLAGS); then \
		echo "$(CURDIR)/.build-fuzz/release/AnnalsFuzz" > .build/libfuzzer-driver; \
	else echo "libFuzzer is not available with this toolchain: the seeded mutation fuzzer runs instead"; \
		rm -f .build/libfuzzer-driver; fi
	@rm -f .build/reliability-figures.txt
	@ANNALS_RELIABILITY=full ANNALS_BIN=$(CURDIR)/.build/release/annals \
		ANNALS_LIBFUZZER=$$(cat .build/libfuzzer-driver 2>/dev/null) \
		ANNALS_RELIABILITY_FIGURES=$(CURDIR)/.build/reliability-figures.txt \
		$(SWIFT) test --skip-build --filter 'KillHarnessTests|DamageHarnessTests|MalformedInputTests|FuzzTests|LossAndReadersHarnessTests|DestructionStepsHarnessTests|DerivedFileCheckTests'; status=$$?; \
		$(MAKE) --no-print-directory reliability-figures; \
		ANNALS_BIN=$(CURDIR)/.build/release/annals ./Scripts/api-reliability.sh || status=1; exit $$status

# The server's API against its OpenAPI document with schemathesis (Scripts/api-reliability.sh).
reliability-api:
	$(SWIFT) build -c release --product annals
	ANNALS_BIN=$(CURDIR)/.build/release/annals ./Scripts/api-reliability.sh

# The page's files and openapi.json, embedded in the server's binary.
page:
	@python3 Scripts/embed-page.py

reliability-figures:
	@if [ -s .build/reliability-figures.txt ]; then echo; echo "reliability figures:"; \
		sort .build/reliability-figures.txt | sed 's/^reliability: /  /'; fi

demo: deps
	$(SWIFT) build -c release --product annals
	./.build/release/annals demo $(DEMO_DIR)

bench: deps
	$(SWIFT) run -c release --package-path Benchmarks annals-bench
	$(MAKE) --no-print-directory bench-server

# The server's figures (Scripts/bench-server.sh): appends over HTTP against the library's
# own single-append rate, and 10,000 wrong sign-ins; Debian's wrk and curl drive it.
bench-server: deps
	@if ! command -v wrk >/dev/null 2>&1 || ! command -v curl >/dev/null 2>&1; then \
		echo "installing wrk and curl with apt-get"; \
		$(APT_GET) update -qq && $(APT_GET) install -y -qq wrk curl >/dev/null; \
	fi
	$(SWIFT) build -c release --product annals
	$(SWIFT) build -c release --package-path Benchmarks --product annals-bench
	./Scripts/bench-server.sh

# The micro-benchmarks (package-benchmark) against the p90 thresholds stored in
# Benchmarks/Thresholds/, with the tolerances set in LogBenchmarks.swift: fails when a
# hot path got slower (or allocates more) beyond this machine's noise. Results better
# than the thresholds pass, with a note: record them with `make bench-thresholds`.
bench-check: deps
	@set -o pipefail; $(SWIFT) package --package-path Benchmarks benchmark thresholds check \
		--path $(CURDIR)/Benchmarks/Thresholds --no-progress 2>&1 | tee .build/bench-check.log; status=$$?; \
	if [ $$status -ne 0 ] && ! grep -q "is WORSE than" .build/bench-check.log && grep -q "is BETTER than" .build/bench-check.log; then \
		echo "bench-check: better than the stored thresholds (not a failure); \`make bench-thresholds\` records the new figures"; status=0; fi; \
	exit $$status

# Records this machine's figures as the thresholds (commit Benchmarks/Thresholds/).
# package-benchmark 1.38 writes a threshold file with the benchmark's spaces turned
# into underscores but looks it up by the name as it is: the files are renamed back
# (no benchmark name holds an underscore).
bench-thresholds: deps
	$(SWIFT) package --package-path Benchmarks --allow-writing-to-package-directory benchmark thresholds update \
		--path $(CURDIR)/Benchmarks/Thresholds
	@cd Benchmarks/Thresholds && for f in *_*.json; do [ -e "$$f" ] && mv -f "$$f" "$${f//_/ }"; done; true

clean:
	rm -rf .build $(DEMO_DIR)
