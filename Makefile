# swrtui — GNU make build. `make` builds ./swrtui; `make check` runs the whole suite;
# `make check SAN=1` (or `make check-san`) runs it under AddressSanitizer + UndefinedBehaviorSanitizer;
# `make check-valgrind` runs the screen tests under valgrind memcheck.

PREFIX    ?= /usr/local
BINDIR    ?= $(PREFIX)/bin
MANDIR    ?= $(PREFIX)/share/man
BASHCOMPDIR ?= $(PREFIX)/share/bash-completion/completions
ZSHCOMPDIR  ?= $(if $(filter /usr,$(PREFIX)),$(PREFIX)/share/zsh/vendor-completions,$(PREFIX)/share/zsh/site-functions)
DESTDIR   ?=
CC        ?= cc
PKG_CONFIG ?= pkg-config
VERSION   := 0.1.0

PKGS      := ncursesw libcurl libcjson libcrypto
CORE_PKGS := libcurl libcjson libcrypto
SAN       ?= 0

ifeq ($(SAN),1)
BUILD     := build/san
SANFLAGS  := -fsanitize=address,undefined,float-cast-overflow -fno-omit-frame-pointer -fno-sanitize-recover=all
OPT       := -O1 -g
else
BUILD     := build/release
SANFLAGS  :=
OPT       ?= -O2 -g
endif

WARN      := -Wall -Wextra -Wpedantic -Wshadow -Wformat=2 -Wstrict-prototypes -Wmissing-prototypes
PKG_CFLAGS := $(shell $(PKG_CONFIG) --cflags $(CORE_PKGS) 2>/dev/null)
UI_CFLAGS  := $(shell $(PKG_CONFIG) --cflags ncursesw 2>/dev/null)
PKG_LIBS   := $(shell $(PKG_CONFIG) --libs $(PKGS) 2>/dev/null)
# swrtui itself opens libcurl and libcrypto at first use (src/base/lazylib.c), so that its first screen comes sooner.
PROGRAM_LIBS := $(shell $(PKG_CONFIG) --libs ncursesw libcjson 2>/dev/null) -ldl
ALL_CFLAGS = -std=c11 $(OPT) $(WARN) $(SANFLAGS) -Iinclude $(PKG_CFLAGS) \
             -DSWRTUI_VERSION='"$(VERSION)"' -MMD -MP $(CFLAGS)
ALL_LDFLAGS = $(SANFLAGS) $(LDFLAGS)

CORE_SRC  := $(shell find src -name "*.c" | LC_ALL=C sort)
UI_SRC    := $(filter-out ui/main.c,$(shell find ui -name "*.c" | LC_ALL=C sort))
CORE_OBJ  := $(CORE_SRC:%.c=$(BUILD)/%.o)
UI_OBJ    := $(UI_SRC:%.c=$(BUILD)/%.o)
MAIN_OBJ  := $(BUILD)/ui/main.o
CORE_LIB  := $(BUILD)/libswrtui.a

UNIT_SRC  := $(wildcard tests/unit/test_*.c)
UNIT_BIN  := $(UNIT_SRC:tests/unit/%.c=$(BUILD)/tests/%)
TEST_LIBS := $(shell $(PKG_CONFIG) --libs cmocka 2>/dev/null)

ifeq ($(SAN),1)
PROGRAM   := $(BUILD)/swrtui
else
PROGRAM   := swrtui
endif

.PHONY: all deps check check-san test-run unit demo install uninstall clean lint-man clang-check check-valgrind layers deb screenshots

all: $(PROGRAM)

$(PROGRAM): $(MAIN_OBJ) $(UI_OBJ) $(CORE_LIB)
	$(CC) $(ALL_LDFLAGS) -o $@ $(MAIN_OBJ) $(UI_OBJ) $(CORE_LIB) $(PROGRAM_LIBS)

$(CORE_LIB): $(CORE_OBJ)
	@rm -f $@
	$(AR) rcs $@ $^

$(BUILD)/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -c -o $@ $<

# ui/ headers are private to ui/: a file includes those of its own folder by name and those of a lower
# ui layer by their path under ui/ ("term/term.h"), hence -Iui.
$(BUILD)/ui/%.o: ui/%.c
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) $(UI_CFLAGS) -Iui -c -o $@ $<

$(BUILD)/tests/%: tests/unit/%.c $(CORE_LIB)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -o $@ $< $(CORE_LIB) $(TEST_LIBS) $(PKG_LIBS) $(ALL_LDFLAGS)

unit: $(UNIT_BIN)

# Make sure the Debian packages are there (installs them as root, else prints the command).
deps:
	@sh tools/ensure-deps.sh

# The README's test command. Builds, then runs unit, integration and screen tests.
check: deps
	@$(MAKE) --no-print-directory all unit
	@SWRTUI_BIN=$(abspath $(PROGRAM)) SWRTUI_UNIT_DIR=$(abspath $(BUILD)/tests) SAN=$(SAN) \
		sh tests/run-tests.sh

check-san:
	@$(MAKE) --no-print-directory check SAN=1

# The screen tests once more, the release binary under valgrind memcheck (tests/screen/memcheck.py):
# any invalid access or definite leak in any run fails; tests/valgrind.supp lists what is not ours.
check-valgrind:
	@sh tools/ensure-deps.sh valgrind
	@$(MAKE) --no-print-directory all SAN=0
	@SWRTUI_BIN=$(abspath swrtui) SWRTUI_VALGRIND=1 SAN=0 sh tests/run-tests.sh screen

# Runs swrtui against the local emulator, loaded with sample registries, from discovery: no project or
# instance ID preset (SWRTUI_DEMO_PRESET=1 presets them).
demo: deps
	@$(MAKE) --no-print-directory all
	@sh tools/demo.sh $(abspath $(PROGRAM))

# Builds with clang as well (warnings are errors there), as CI does.
clang-check:
	@$(MAKE) --no-print-directory CC=clang BUILD=build/clang PROGRAM=build/clang/swrtui \
		CFLAGS='-Werror' build/clang/swrtui

# libFuzzer targets (tests/fuzz/fuzz_*.c): the core compiled again with clang, ASan and UBSan into
# build/fuzz/ (not the release objects). `make fuzz` runs each for FUZZ_SECONDS seconds on a copy of its
# seed corpus and fails on any crash, leak or sanitizer report; `make fuzz-build` only builds.
FUZZ_SECONDS  ?= 20
FUZZ_CC       ?= clang
FUZZ_BUILD    := build/fuzz
FUZZ_CFLAGS   := -std=c11 -g -O1 $(WARN) -fsanitize=address,undefined -fno-sanitize-recover=all \
                 -fno-omit-frame-pointer -Iinclude $(PKG_CFLAGS) -DSWRTUI_VERSION='"$(VERSION)"' -MMD -MP
FUZZ_SRC      := $(wildcard tests/fuzz/fuzz_*.c)
FUZZ_BIN      := $(FUZZ_SRC:tests/fuzz/%.c=$(FUZZ_BUILD)/%)
FUZZ_CORE_OBJ := $(CORE_SRC:%.c=$(FUZZ_BUILD)/%.o)
FUZZ_CORE_LIB := $(FUZZ_BUILD)/libswrtui.a
FUZZ_LIBS     := $(shell $(PKG_CONFIG) --libs $(CORE_PKGS) 2>/dev/null)

.PHONY: fuzz fuzz-build

$(FUZZ_BUILD)/src/%.o: src/%.c
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer-no-link -c -o $@ $<

$(FUZZ_CORE_LIB): $(FUZZ_CORE_OBJ)
	@rm -f $@
	$(AR) rcs $@ $^

$(FUZZ_BUILD)/fuzz_%: tests/fuzz/fuzz_%.c $(FUZZ_CORE_LIB)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer -o $@ $< $(FUZZ_CORE_LIB) $(FUZZ_LIBS)

fuzz-build:
	@sh tools/ensure-deps.sh clang libclang-rt-14-dev
	@$(MAKE) --no-print-directory $(FUZZ_BIN)

fuzz: fuzz-build
	@FUZZ_SECONDS=$(FUZZ_SECONDS) sh tests/fuzz/run.sh $(FUZZ_BIN)

# Benchmarks against the emulator, side by side with dialog, whiptail and curl (a few minutes; not part
# of `make check`): writes bench/RESULTS.md and fails when a budget is missed. See README "Benchmarks".
.PHONY: bench
bench:
	@sh tools/ensure-deps.sh dialog whiptail strace valgrind curl time
	@$(MAKE) --no-print-directory all
	@python3 bench/run.py --swrtui $(abspath $(PROGRAM))

# The shape of the code (tools/layers.py): arrows between layers point one way, src/ and include/ never
# include curses, ui/ never calls libcurl, no cycle between translation units, no function over 80 lines.
layers: $(PROGRAM)
	@python3 tools/layers.py $(BUILD)

lint-man:
	mandoc -Tlint -W warning man/swrtui.1

install: $(PROGRAM)
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR)/man1 $(DESTDIR)$(BASHCOMPDIR) $(DESTDIR)$(ZSHCOMPDIR)
	install -m 0755 $(PROGRAM) $(DESTDIR)$(BINDIR)/swrtui
	install -m 0644 man/swrtui.1 $(DESTDIR)$(MANDIR)/man1/swrtui.1
	install -m 0644 completions/swrtui.bash $(DESTDIR)$(BASHCOMPDIR)/swrtui
	install -m 0644 completions/_swrtui $(DESTDIR)$(ZSHCOMPDIR)/_swrtui

# The Debian package swrtui_$(VERSION)_<arch>.deb in the top folder (tools/mkdeb.sh says how and why).
deb: $(PROGRAM)
	@sh tools/ensure-deps.sh dpkg-dev
	@sh tools/mkdeb.sh $(VERSION) .

# PNG pictures of the main screens from a real terminal (xterm under Xvfb) into docs/screenshots/.
screenshots: $(PROGRAM)
	@sh tools/ensure-deps.sh xvfb xterm x11-apps imagemagick fonts-dejavu-core
	python3 tools/screenshots.py --bin $(PROGRAM)

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/swrtui $(DESTDIR)$(MANDIR)/man1/swrtui.1 $(DESTDIR)$(BASHCOMPDIR)/swrtui \
	      $(DESTDIR)$(ZSHCOMPDIR)/_swrtui

clean:
	rm -rf build swrtui

-include $(shell find build -name '*.d' 2>/dev/null)
