# Makefile: the entry points a user types; CMake does the building underneath.
#   make          build build/akhbar, build/libakhbar.{so,a}, build/akhbar.pc
#   make demo     install what is missing, build, run `akhbar run` on examples/
#   make check    install what is missing, build, run every test, again under ASan+UBSan, fuzz briefly
#   make bench    benchmarks against peers (needs ../shared/data)
#   make model    train the NER model from ../shared/data/anercorp
#   make fuzz     libFuzzer on every target for a few seconds; fuzz-long for an hour each
JOBS   ?= $(shell nproc 2>/dev/null || echo 2)
BUILD  ?= build
ASAN   ?= build-asan
FUZZB  ?= build-fuzz
SHARED ?= $(abspath ../shared)
CMAKE_FLAGS ?=

.PHONY: all deps browser-deps demo check test test-asan fuzz fuzz-smoke fuzz-long bench model clean

all:
	cmake -S . -B $(BUILD) -DAK_SHARED_DIR=$(SHARED) $(CMAKE_FLAGS) >/dev/null
	cmake --build $(BUILD) -j $(JOBS)

deps:
	scripts/install-deps

# Chromium, fonts and Playwright for the page tests (report.html and the served web page).
browser-deps:
	scripts/install-deps --browser
	cd tests/browser && { [ -d node_modules/playwright-core ] || npm ci --no-audit --no-fund --loglevel=error; }

demo: deps all
	rm -rf $(BUILD)/demo
	$(BUILD)/akhbar run --db $(BUILD)/demo/akhbar.db --out $(BUILD)/demo examples/
	@echo "report: $(abspath $(BUILD))/demo/report.html (and report.json)"

test: all
	cd $(BUILD) && ctest --output-on-failure -j $(JOBS)

test-asan:
	cmake -S . -B $(ASAN) -DAK_SANITIZE=ON -DCMAKE_BUILD_TYPE=Debug -DAK_SHARED_DIR=$(SHARED) >/dev/null
	cmake --build $(ASAN) -j $(JOBS)
	cd $(ASAN) && ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1 \
	  ctest --output-on-failure -j $(JOBS)

fuzz-build:
	CC=clang cmake -S . -B $(FUZZB) -DAK_FUZZ=ON -DAK_SANITIZE=ON -DAK_SHARED_DIR=$(SHARED) >/dev/null
	cmake --build $(FUZZB) -j $(JOBS)

# Each target runs on its committed corpus plus what it finds, for FUZZ_SECONDS.
FUZZ_SECONDS ?= 5
fuzz: fuzz-build
	scripts/run-fuzzers $(FUZZB) $(FUZZ_SECONDS)

fuzz-smoke: fuzz-build
	scripts/run-fuzzers $(FUZZB) 3

fuzz-long: fuzz-build
	scripts/run-fuzzers $(FUZZB) 3600

check: deps browser-deps
	$(MAKE) test
	$(MAKE) test-asan
	$(MAKE) fuzz-smoke

bench: all
	scripts/install-deps --bench
	bench/run-all $(BUILD) $(SHARED)

model: all
	zcat $(SHARED)/data/saudinewsnet/saudinewsnet.jsonl.gz | $(BUILD)/akhbar-clusters > data/ner-clusters.txt
	$(BUILD)/akhbar-train $(SHARED)/data/anercorp/train.txt data/ner.model

clean:
	rm -rf $(BUILD) $(ASAN) $(FUZZB)
