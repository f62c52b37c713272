# A thin wrapper over meson for the two commands of the README.
#   make demo   install what is missing, build, load the example street office, print a report
#   make test   install what is missing, build, run every test (plainly and under ASan+UBSan)
#   make bench  benchmarks against the baseline (bench/)
#   make install / make clean / make fuzz

BUILD    ?= build
SANBUILD ?= build-san
PREFIX   ?= /usr/local
MESON    ?= meson

# Debian packages the build and the tests need.
DEPS = meson ninja-build pkg-config gcc libsqlite3-dev libyaml-dev libjansson-dev \
       libcsv-dev libcmocka-dev mandoc gettext locales sqlite3 python3 python3-yaml valgrind

SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: all deps build demo test test-valgrind bench install clean fuzz

all: build

deps:
	@missing=$$(for p in $(DEPS); do dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null | grep -q '^install ok installed' || echo $$p; done); \
	if [ -n "$$missing" ]; then \
		echo "make: installing $$missing"; \
		$(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq $$missing; \
	fi

$(BUILD)/build.ninja:
	$(MESON) setup $(BUILD) --prefix=$(PREFIX)

build: deps $(BUILD)/build.ninja
	ninja -C $(BUILD)

$(SANBUILD)/build.ninja:
	$(MESON) setup $(SANBUILD) -Db_sanitize=address,undefined -Db_lundef=false -Dbuildtype=debug

# Every test plainly, then again under ASan+UBSan; one closing line counts both.
test: build $(SANBUILD)/build.ninja
	@rc=0; \
	$(MESON) test -C $(BUILD) --print-errorlogs || rc=1; \
	ninja -C $(SANBUILD) || rc=1; \
	ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
		$(MESON) test -C $(SANBUILD) --print-errorlogs --no-suite slow || rc=1; \
	python3 tests/summary.py $(BUILD) $(SANBUILD) || rc=1; \
	exit $$rc

# The unit tests and the fuzz corpora under valgrind (memcheck, leaks are errors).
test-valgrind: build
	$(MESON) test -C $(BUILD) --setup valgrind --suite unit --suite fuzz --print-errorlogs

demo: build
	@sh examples/demo.sh $(BUILD)/cmd/grid

bench: build
	@sh bench/run.sh $(BUILD)/cmd/grid

install: build
	$(MESON) install -C $(BUILD)

fuzz: deps
	@sh tests/fuzz/run.sh

clean:
	rm -rf $(BUILD) $(SANBUILD)
