# Two commands do all set-up on a fresh Debian machine with Swift:
#   make run    build hweplan and start the shell on the built-in model
#   make test   build and run the whole test suite (the command CI runs)
# Both install libedit-dev and zlib1g-dev (and pkg-config) with apt-get when pkg-config cannot find them.

SWIFT ?= swift
# Release builds are for the machine that builds them (AVX-512 or AVX2 where it has them: Monte Carlo's SIMD
# lanes run 2-3x faster; the figures are the same bit for bit), with the Swift runtime linked in (start-up
# 11 ms -> 7.5 ms; the stripped binary grows from 2.8 MB to 16.7 MB: docs/BENCHMARKS.md), as a fixed-address
# executable (-no-pie: the loader has no 76,000 relocations to apply at each start, 1 ms less). For a binary to
# copy to other machines:   make release RELEASE_FLAGS=
RELEASE_FLAGS ?= --static-swift-stdlib -Xswiftc -target-cpu -Xswiftc native -Xswiftc -Xclang-linker -Xswiftc -no-pie
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: run test test-deps deps build release bench docs record clean fuzz sanitize

deps:
	@if ! command -v pkg-config >/dev/null 2>&1 || ! pkg-config --exists libedit || ! pkg-config --exists zlib; then \
		echo "hweplan: installing libedit-dev, zlib1g-dev and pkg-config with apt-get"; \
		$(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq libedit-dev zlib1g-dev pkg-config >/dev/null; \
	fi

# What the tests use besides: openpyxl and LibreOffice read the Excel export back; Chromium renders the report
# and poppler-utils reads its printed pages; NumPy runs the Monte Carlo peer (Tests/reference/mc_numpy.py).
test-deps: deps
	@if ! /usr/bin/python3 -c "import openpyxl, numpy" >/dev/null 2>&1 || ! command -v soffice >/dev/null 2>&1 || ! command -v chromium >/dev/null 2>&1 || ! command -v pdftotext >/dev/null 2>&1; then \
		echo "hweplan: installing python3-openpyxl, python3-numpy, libreoffice-calc-nogui, chromium and poppler-utils with apt-get (for the tests)"; \
		$(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq python3-openpyxl python3-numpy libreoffice-calc-nogui chromium poppler-utils >/dev/null; \
	fi

build: deps
	$(SWIFT) build

release: deps
	$(SWIFT) build -c release --product hweplan $(RELEASE_FLAGS)

run: release
	@.build/release/hweplan $(ARGS)

test: test-deps
	$(MAKE) --no-print-directory fuzz FUZZ_RUNS=30000
	$(SWIFT) build --build-tests
	SWIFT_BACKTRACE=interactive=no $(SWIFT) test --skip-build

# Coverage-guided fuzzing with libFuzzer (Swift's -sanitize=fuzzer, with AddressSanitizer) of the lexer and
# parser (HWEPLAN_FUZZ=parse) and of parse-and-evaluate on a small model (HWEPLAN_FUZZ=eval), starting from
# the committed corpus (Tests/Fuzz/corpus). `make test` runs a short fuzz; a long run:
#   make fuzz FUZZ_RUNS=8000000      (docs/FUZZING.md records what was run and found)
# A crash writes crash-* in .build-fuzz/; replay it with .build/debug/hweplan-fuzz FILE, fix, and add it to
# the corpus.
FUZZ_RUNS ?= 100000
fuzz: deps
	$(SWIFT) build -c release --product hweplan-fuzz --scratch-path .build-fuzz -Xswiftc -sanitize=fuzzer,address -Xswiftc -DFUZZING
	mkdir -p .build-fuzz/corpus-parse .build-fuzz/corpus-eval
	cd .build-fuzz && HWEPLAN_FUZZ=parse ./release/hweplan-fuzz corpus-parse ../Tests/Fuzz/corpus -runs=$(FUZZ_RUNS) \
		-max_len=256 -print_final_stats=1 > fuzz-parse.log 2>&1; s=$$?; grep -E "^(stat::number_of_executed_units|Done|==[0-9]+== ERROR)" fuzz-parse.log; exit $$s
	cd .build-fuzz && HWEPLAN_FUZZ=eval ./release/hweplan-fuzz corpus-eval ../Tests/Fuzz/corpus -runs=$$(( $(FUZZ_RUNS) / 4 )) \
		-max_len=256 -print_final_stats=1 > fuzz-eval.log 2>&1; s=$$?; grep -E "^(stat::number_of_executed_units|Done|==[0-9]+== ERROR)" fuzz-eval.log; exit $$s

# The test suite built with AddressSanitizer (leak checks off: XCTest and Foundation keep allocations until
# exit; Swift on Linux has no UndefinedBehaviorSanitizer, and its own
# overflow and bounds checks trap instead). Slow: a separate debug build.
sanitize: deps
	$(SWIFT) build --build-tests --sanitize=address --scratch-path .build-asan
	ASAN_OPTIONS=detect_leaks=0 SWIFT_BACKTRACE=interactive=no $(SWIFT) test --skip-build --sanitize=address --scratch-path .build-asan

# Benchmarks print their own figures (docs/BENCHMARKS.md says how to read them); the NumPy peer needs numpy.
bench: deps
	@/usr/bin/python3 -c "import numpy" >/dev/null 2>&1 || { $(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq python3-numpy >/dev/null; }
	$(SWIFT) build -c release --product hweplan-bench $(RELEASE_FLAGS)
	$(SWIFT) build -c release --product hweplan $(RELEASE_FLAGS)
	.build/release/hweplan-bench
	.build/release/hweplan-bench Benchmarks/one-place-v1.json
	.build/release/hweplan-bench docs/default-model-v2.json
	python3 Benchmarks/scale.py .build/release/hweplan
	/usr/bin/python3 Benchmarks/workbook.py .build/release/hweplan

# Regenerates docs/commands.md from the command table.
docs: deps
	RECORD=1 $(SWIFT) test --filter "commandsDocument|workbookDocument"

# Re-records golden transcripts; review the result with git diff.
record: deps
	RECORD=1 $(SWIFT) test

clean:
	rm -rf .build
