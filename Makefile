# swrtui — GNU make build. `make` builds ./swrtui; `make check` runs the whole suite;
# `make check SAN=1` (or `make check-san`) runs it under AddressSanitizer + UndefinedBehaviorSanitizer.

PREFIX    ?= /usr/local
BINDIR    ?= $(PREFIX)/bin
MANDIR    ?= $(PREFIX)/share/man
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
ALL_CFLAGS = -std=c11 $(OPT) $(WARN) $(SANFLAGS) -Iinclude $(PKG_CFLAGS) \
             -DSWRTUI_VERSION='"$(VERSION)"' -MMD -MP $(CFLAGS)
ALL_LDFLAGS = $(SANFLAGS) $(LDFLAGS)

CORE_SRC  := $(filter-out src/main.c,$(wildcard src/*.c))
UI_SRC    := $(wildcard ui/*.c)
CORE_OBJ  := $(CORE_SRC:%.c=$(BUILD)/%.o)
UI_OBJ    := $(UI_SRC:%.c=$(BUILD)/%.o)
MAIN_OBJ  := $(BUILD)/src/main.o
CORE_LIB  := $(BUILD)/libswrtui.a

UNIT_SRC  := $(wildcard tests/unit/test_*.c)
UNIT_BIN  := $(UNIT_SRC:tests/unit/%.c=$(BUILD)/tests/%)
TEST_LIBS := $(shell $(PKG_CONFIG) --libs cmocka 2>/dev/null)

ifeq ($(SAN),1)
PROGRAM   := $(BUILD)/swrtui
else
PROGRAM   := swrtui
endif

.PHONY: all deps check check-san test-run unit demo install uninstall clean lint-man clang-check

all: $(PROGRAM)

$(PROGRAM): $(MAIN_OBJ) $(UI_OBJ) $(CORE_LIB)
	$(CC) $(ALL_LDFLAGS) -o $@ $(MAIN_OBJ) $(UI_OBJ) $(CORE_LIB) $(PKG_LIBS)

$(CORE_LIB): $(CORE_OBJ)
	@rm -f $@
	$(AR) rcs $@ $^

$(BUILD)/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -c -o $@ $<

$(BUILD)/ui/%.o: ui/%.c
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) $(UI_CFLAGS) -c -o $@ $<

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

# Runs swrtui against the local emulator, loaded with sample registries.
demo: deps
	@$(MAKE) --no-print-directory all
	@sh tools/demo.sh $(abspath $(PROGRAM))

# Builds with clang as well (warnings are errors there), as CI does.
clang-check:
	@$(MAKE) --no-print-directory CC=clang BUILD=build/clang PROGRAM=build/clang/swrtui \
		CFLAGS='-Werror' build/clang/swrtui

lint-man:
	mandoc -Tlint -W warning man/swrtui.1

install: $(PROGRAM)
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR)/man1
	install -m 0755 $(PROGRAM) $(DESTDIR)$(BINDIR)/swrtui
	install -m 0644 man/swrtui.1 $(DESTDIR)$(MANDIR)/man1/swrtui.1

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/swrtui $(DESTDIR)$(MANDIR)/man1/swrtui.1

clean:
	rm -rf build swrtui

-include $(shell find build -name '*.d' 2>/dev/null)
