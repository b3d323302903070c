# Makefile — the two commands of the README, and a few more.  The real
# build is CMake; this file only drives it (and installs what is missing).
BUILD    ?= build
JOBS     ?= $(shell nproc 2>/dev/null || echo 2)
CMAKE_FLAGS ?=
CTEST_FLAGS ?=

.PHONY: all deps build run test test-all test-slow fuzz asan install deb clean

all: build

deps:
	@build-aux/bootstrap.sh

$(BUILD)/CMakeCache.txt: | deps
	cmake -S . -B $(BUILD) $(CMAKE_FLAGS)

build: deps $(BUILD)/CMakeCache.txt
	cmake --build $(BUILD) -j $(JOBS)

# The main job: a self-timed mock session on the shipped library's default
# problem; run again, it resumes that session.
PROBLEM ?= worker-pool
run: build
	@if [ -d gauntlet-$(PROBLEM) ]; then \
		echo "resuming the session in gauntlet-$(PROBLEM) (remove that folder to start afresh)"; \
		cd gauntlet-$(PROBLEM) && $(CURDIR)/$(BUILD)/runner/gauntlet resume; \
	else \
		$(BUILD)/runner/gauntlet start --mode mock --problem $(PROBLEM); \
	fi

test: build
	ctest --test-dir $(BUILD) --output-on-failure -j $(JOBS) -LE 'slow|fuzz' $(CTEST_FLAGS)

test-slow: build
	ctest --test-dir $(BUILD) --output-on-failure -L slow $(CTEST_FLAGS)

fuzz: deps
	cmake -S . -B $(BUILD)-fuzz -DCMAKE_C_COMPILER=clang -DGAUNTLET_FUZZ=ON $(CMAKE_FLAGS)
	cmake --build $(BUILD)-fuzz -j $(JOBS)
	ctest --test-dir $(BUILD)-fuzz --output-on-failure -L fuzz $(CTEST_FLAGS)

asan: deps
	cmake -S . -B $(BUILD)-asan -DGAUNTLET_SANITIZE=address,undefined -DCMAKE_BUILD_TYPE=Debug $(CMAKE_FLAGS)
	cmake --build $(BUILD)-asan -j $(JOBS)
	ctest --test-dir $(BUILD)-asan --output-on-failure -j $(JOBS) -LE 'slow|fuzz|library' $(CTEST_FLAGS)

install: build
	cmake --install $(BUILD)

deb: build
	cd $(BUILD) && cpack -G DEB

clean:
	rm -rf $(BUILD) $(BUILD)-asan $(BUILD)-fuzz
