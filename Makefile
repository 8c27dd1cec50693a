# Two commands do all set-up on a fresh Debian machine with Swift:
#   make run    build hweplan and start the shell on the built-in model
#   make test   build and run the whole test suite (the command CI runs)
# Both install libedit-dev (and pkg-config) with apt-get when pkg-config cannot find libedit.

SWIFT ?= swift
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: run test deps build release bench docs record clean

deps:
	@if ! command -v pkg-config >/dev/null 2>&1 || ! pkg-config --exists libedit; then \
		echo "hweplan: installing libedit-dev and pkg-config with apt-get"; \
		$(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq libedit-dev pkg-config >/dev/null; \
	fi

build: deps
	$(SWIFT) build

release: deps
	$(SWIFT) build -c release --product hweplan

run: release
	@.build/release/hweplan $(ARGS)

test: deps
	$(SWIFT) build --build-tests
	SWIFT_BACKTRACE=interactive=no $(SWIFT) test --skip-build

# Benchmarks print their own figures (docs/BENCHMARKS.md says how to read them).
bench: deps
	$(SWIFT) build -c release --product hweplan-bench
	$(SWIFT) build -c release --product hweplan
	.build/release/hweplan-bench
	.build/release/hweplan-bench Benchmarks/one-place-v1.json
	python3 Benchmarks/scale.py .build/release/hweplan

# Regenerates docs/commands.md from the command table.
docs: deps
	RECORD=1 $(SWIFT) test --filter commandsDocument

# Re-records golden transcripts; review the result with git diff.
record: deps
	RECORD=1 $(SWIFT) test

clean:
	rm -rf .build
