# A thin wrapper over meson for the two commands of the README.
#   make demo    install what is missing, build, load the example street office, print a report
#   make test    install what is missing, build, run every test in three builds: the developers'
#                (debugoptimized), ASan+UBSan, and release; one closing line counts them all
#   make builds  every build type with gcc and clang, and Debian's hardening flags, warning-free
#   make dist    a release tarball (meson dist), built and tested from an empty folder
#   make bench   benchmarks against their baselines (bench/)
#   make bench-pg  the PostgreSQL engine against its baselines (bench/pg.sh)
#   make install / make clean / make fuzz / make test-valgrind
#
# The developers' builds treat warnings as errors (-Dwerror=true); a user's or a
# packager's plain `meson setup` does not.

BUILD    ?= build
SANBUILD ?= build-san
RELBUILD ?= build-release
PREFIX   ?= /usr/local
MESON    ?= meson
WERROR   ?= -Dwerror=true

# Debian packages the build and the tests need.
DEPS = meson ninja-build pkg-config gcc libsqlite3-dev libyaml-dev libjansson-dev nettle-dev \
       libcsv-dev libcmocka-dev mandoc gettext locales sqlite3 python3 python3-yaml valgrind \
	git xz-utils bsdextrautils passwd postgresql libpq-dev \
	libxlsxwriter-dev libxml2-dev python3-openpyxl chromium poppler-utils fonts-noto-cjk
# ... and what `make builds` needs besides.
BUILDS_DEPS = clang dpkg-dev

SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: all deps build demo test test-valgrind bench bench-pg install clean fuzz builds dist

all: build

# apt-install PACKAGES: install those of PACKAGES that are missing.
define apt-install
	@missing=$$(for p in $(1); do dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null | grep -q '^install ok installed' || echo $$p; done); \
	if [ -n "$$missing" ]; then \
		echo "make: installing" $$missing; \
		$(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq $$missing; \
	fi
endef

deps:
	$(call apt-install,$(DEPS))

$(BUILD)/build.ninja:
	$(MESON) setup $(BUILD) --prefix=$(PREFIX) $(WERROR)

build: deps $(BUILD)/build.ninja
	ninja -C $(BUILD)

$(SANBUILD)/build.ninja:
	$(MESON) setup $(SANBUILD) -Db_sanitize=address,undefined -Db_lundef=false -Dbuildtype=debug $(WERROR)

$(RELBUILD)/build.ninja:
	$(MESON) setup $(RELBUILD) --buildtype=release $(WERROR)

# Every test in the developers' build, again under ASan+UBSan (but the slow
# suite), again in a release build (-O3, NDEBUG: what users run); one closing
# line counts all three.  A throwaway PostgreSQL server (tests/pg/server.sh:
# its own cluster, a Unix socket, no TCP) runs for the tests that need one and
# is stopped whatever happened; one that does not start fails the run.
test: build $(SANBUILD)/build.ninja $(RELBUILD)/build.ninja
	@pgdir=$$(mktemp -d "$${TMPDIR:-/tmp}/grid-pg-XXXXXX") && \
	PGHOST=$$(sh tests/pg/server.sh start "$$pgdir") || { rm -rf "$$pgdir"; exit 1; }; \
	export PGHOST PGUSER=$$(id -un); \
	trap 'sh tests/pg/server.sh stop "$$pgdir"; rm -rf "$$pgdir"' EXIT; \
	rc=0; \
	$(MESON) test -C $(BUILD) --print-errorlogs || rc=1; \
	ninja -C $(SANBUILD) || rc=1; \
	ASAN_OPTIONS=detect_leaks=1 LSAN_OPTIONS=suppressions=$(CURDIR)/tests/lsan.supp:print_suppressions=0 UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
		$(MESON) test -C $(SANBUILD) --print-errorlogs --no-suite slow || rc=1; \
	ninja -C $(RELBUILD) || rc=1; \
	$(MESON) test -C $(RELBUILD) --print-errorlogs || rc=1; \
	python3 tests/summary.py $(BUILD) $(SANBUILD) $(RELBUILD) || rc=1; \
	exit $$rc

# The unit tests and the fuzz corpora under valgrind (memcheck, leaks are errors).
test-valgrind: build
	$(MESON) test -C $(BUILD) --setup valgrind --suite unit --suite fuzz --print-errorlogs

# Every build type with gcc and clang, -O2 and -O3, and Debian's packaging
# flags with _FORTIFY_SOURCE=3: each must build with warnings as errors.
builds: deps
	$(call apt-install,$(BUILDS_DEPS))
	@sh tests/builds.sh

# The release tarball; meson dist unpacks it into an empty folder, builds it
# and runs its tests there.  Needs a clean work tree (it packs the commit).
dist: build
	$(MESON) dist -C $(BUILD) --formats xztar

demo: build
	@sh examples/demo.sh $(BUILD)/cmd/grid

bench: build
	@sh bench/run.sh $(BUILD)/cmd/grid

# The PostgreSQL engine against its baselines, on a throwaway server, in the
# release build (about 20 minutes; N=100000 for a smaller ledger).
bench-pg: build $(RELBUILD)/build.ninja
	@ninja -C $(RELBUILD) && sh bench/pg.sh $(RELBUILD)/cmd/grid

install: build
	$(MESON) install -C $(BUILD)

fuzz: deps
	@sh tests/fuzz/run.sh

clean:
	rm -rf $(BUILD) $(SANBUILD) $(RELBUILD) build-matrix
