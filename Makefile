# The two set-up commands of the README: `make run` and `make test`.
.PHONY: all bootstrap build run test test-quick walkthrough clean

BUILD_DIR ?= build
ARGS ?=

all: build

bootstrap:
	@scripts/bootstrap

build: bootstrap
	@cmake -S . -B $(BUILD_DIR) -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
	@ninja -C $(BUILD_DIR) storebridge

run: build
	./$(BUILD_DIR)/storebridge serve $(ARGS)

test:
	@scripts/test

# SQLite + PostgreSQL without the sanitizer build.
test-quick:
	@STOREBRIDGE_SKIP_SANITIZERS=1 scripts/test

# The README walkthrough against the emulators (part of `make test`).
walkthrough: build
	@scripts/walkthrough $(BUILD_DIR)

clean:
	rm -rf build build-asan
