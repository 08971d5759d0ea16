# lore: a Lua-scriptable text-mining toolkit written in C.
#
#   make            build liblore.a, the lore executable and the lore.so module
#   make demo       the main job: report over corpus/
#   make test       every test (C, sanitizers, Lua, rules, quality, end to end)
#   make bench      benchmarks (prints BENCH lines)
#   make install    PREFIX=/usr/local DESTDIR=
#   make deps       install the missing Debian packages (apt-get)
#
# Every target that compiles or runs something depends on `make deps`
# having succeeded (the build/.deps stamp).

PREFIX ?= /usr/local
DESTDIR ?=
BINDIR = $(PREFIX)/bin
SHAREDIR = $(PREFIX)/share/lore
MANDIR = $(PREFIX)/share/man/man1
PKG_CONFIG ?= pkg-config
VERSION = 0.1.0

CC = cc
CFLAGS ?= -O2 -g
WARN = -Wall -Wextra -Werror -Wshadow -Wmissing-prototypes -Wstrict-prototypes \
       -Wno-unused-parameter
override CFLAGS += -std=c11 $(WARN) -fPIC -D_DEFAULT_SOURCE -D_POSIX_C_SOURCE=200809L \
       -DLORE_VERSION='"$(VERSION)"'
SAN = -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all

B = build
DEPS_STAMP = $(B)/.deps

# Library flags, read once deps are installed (see $(B)/config.mk).
ifeq ($(filter clean distclean deps,$(MAKECMDGOALS)),)
-include $(B)/config.mk
# Where lua5.4 finds C modules: the system's own folder for PREFIX=/usr,
# else PREFIX/lib/lua/5.4 (decided per run: PREFIX may change between runs)
LUA_CMOD ?= $(if $(filter /usr,$(PREFIX)),$(LUA_CMOD_SYSTEM),$(PREFIX)/lib/lua/5.4)
endif

CORE_SRC = $(sort $(wildcard core/*.c))
CORE_HDR = $(wildcard core/*.h)
CORE_OBJ = $(CORE_SRC:%.c=$(B)/obj/%.o)
BIND_SRC = $(filter-out bindings/lore.c,$(sort $(wildcard bindings/l*.c)))
BIND_HDR = $(wildcard bindings/*.h)
BIND_OBJ = $(BIND_SRC:%.c=$(B)/obj/%.o) $(B)/obj/gen/luasrc.o
LUA_SRC = $(sort $(wildcard bindings/lua/*.lua))
TEST_SRC = $(sort $(wildcard tests/test_*.c))
TESTS = $(TEST_SRC:tests/%.c=$(B)/test/%)
ASAN_TESTS = $(TEST_SRC:tests/%.c=$(B)/asan/%)
BENCH_SRC = $(sort $(wildcard bench/bench_*.c))
BENCHES = $(BENCH_SRC:bench/%.c=$(B)/bench/%)
FUZZ_SRC = $(sort $(wildcard tests/fuzz/fuzz_*.c))
# (defined here, before `test:` names them: prerequisites expand when read)
FUZZERS = $(FUZZ_SRC:tests/fuzz/%.c=$(B)/fuzz/%)

.PHONY: all deps demo test bench bench-peers install uninstall clean fuzz \
        fuzzers test-cluster
.SUFFIXES:
# object files are kept between runs, not removed as intermediates
.SECONDARY:

all: $(B)/liblore.a $(B)/lore $(B)/lore.so lore

deps: $(DEPS_STAMP)

$(DEPS_STAMP): tools/deps.sh
	@mkdir -p $(B)
	tools/deps.sh
	@touch $@

$(B)/config.mk: $(DEPS_STAMP) Makefile
	@mkdir -p $(B)
	@{ echo "LIB_CFLAGS = $$($(PKG_CONFIG) --cflags lua5.4 libpcre2-8 libutf8proc jansson)"; \
	   echo "LIB_LIBS = $$($(PKG_CONFIG) --libs libpcre2-8 libutf8proc jansson) -lm"; \
	   echo "LUA_LIBS = $$($(PKG_CONFIG) --libs lua5.4)"; \
	   echo "LPEG_LIB = -l:liblua5.4-lpeg.a"; \
	   echo "CMOCKA_LIBS = $$($(PKG_CONFIG) --libs cmocka)"; \
	   echo "LUA_CMOD_SYSTEM = $$($(PKG_CONFIG) --variable=INSTALL_CMOD lua5.4)"; \
	 } > $@

# {======================================================================
# Library, module, executable
# =======================================================================

$(B)/obj/%.o: %.c $(CORE_HDR) $(BIND_HDR) | $(DEPS_STAMP)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(LIB_CFLAGS) -Icore -Ibindings -c $< -o $@

$(B)/liblore.a: $(CORE_OBJ)
	rm -f $@
	ar rcs $@ $^

$(B)/embed: tools/embed.c | $(DEPS_STAMP)
	@mkdir -p $(B)
	$(CC) -O2 -o $@ $<

$(B)/gen/luasrc.c: $(LUA_SRC) $(B)/embed
	@mkdir -p $(dir $@)
	$(B)/embed $@ $(foreach f,$(LUA_SRC),lore.$(basename $(notdir $(f)))=$(f))

$(B)/obj/gen/luasrc.o: $(B)/gen/luasrc.c bindings/llore_embed.h
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -Ibindings -c $< -o $@

# The Lua module: host Lua symbols are resolved by the interpreter.
$(B)/lore.so: $(BIND_OBJ) $(B)/liblore.a
	$(CC) -shared -o $@ $(BIND_OBJ) $(B)/liblore.a $(LIB_LIBS) -lpthread

$(B)/lore: $(B)/obj/bindings/lore.o $(BIND_OBJ) $(B)/liblore.a
	$(CC) -o $@ $(B)/obj/bindings/lore.o $(BIND_OBJ) $(B)/liblore.a \
	  $(LPEG_LIB) $(LUA_LIBS) $(LIB_LIBS) -lreadline -lpthread -ldl -rdynamic

lore: $(B)/lore
	ln -sf $(B)/lore lore

# }======================================================================

# {======================================================================
# Tests: cmocka (plain and ASan+UBSan, core compiled with UNIT_TESTING),
# then Lua, rule examples, quality and end-to-end suites (tests/run.sh).
# =======================================================================

$(B)/test/obj/%.o: %.c $(CORE_HDR) | $(DEPS_STAMP)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(LIB_CFLAGS) -DUNIT_TESTING -Icore -Itests -c $< -o $@

$(B)/asan/obj/%.o: %.c $(CORE_HDR) | $(DEPS_STAMP)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(SAN) $(LIB_CFLAGS) -DUNIT_TESTING -Icore -Itests -c $< -o $@

$(B)/test/%: $(B)/test/obj/tests/%.o $(CORE_SRC:%.c=$(B)/test/obj/%.o)
	$(CC) -o $@ $^ $(LIB_LIBS) $(CMOCKA_LIBS)

$(B)/asan/%: $(B)/asan/obj/tests/%.o $(CORE_SRC:%.c=$(B)/asan/obj/%.o)
	$(CC) $(SAN) -o $@ $^ $(LIB_LIBS) $(CMOCKA_LIBS)

test: all $(TESTS) $(ASAN_TESTS) $(FUZZERS)
	@tests/run.sh

# }======================================================================

demo: all
	./$(B)/lore report corpus/

$(B)/bench/%: bench/%.c $(B)/liblore.a
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(LIB_CFLAGS) -Icore -o $@ $< $(B)/liblore.a $(LIB_LIBS) -lpthread

bench: all $(BENCHES)
	@bench/run.sh

# Side by side with JavaScript NLP libraries from the npm registry
# (installed into bench/node/; not part of make test). Writes
# bench/results.md with the machine and date.
bench-peers: all $(BENCHES)
	@bench/peers/run.sh

# {======================================================================
# Fuzzing (libFuzzer, clang): tests/fuzz/fuzz_<name>.c, seeds in
# tests/fuzz/seeds/<name>/. `make fuzz` runs each for FUZZ_TIME seconds;
# `make test` runs each for a short smoke time (tests/suites/20-fuzz.sh).
# =======================================================================

FUZZ_TIME ?= 180
FUZZ_CC ?= clang
FUZZ_FLAGS = -g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all

$(B)/fuzz/%: tests/fuzz/%.c $(CORE_SRC) $(CORE_HDR) | $(DEPS_STAMP)
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(FUZZ_FLAGS) -std=c11 -D_DEFAULT_SOURCE -D_POSIX_C_SOURCE=200809L \
	  $(LIB_CFLAGS) -Icore -o $@ $< $(CORE_SRC) $(LIB_LIBS)

fuzzers: $(FUZZERS)

fuzz: $(FUZZERS)
	@for f in $(FUZZERS); do \
	  n=$$(basename $$f); n=$${n#fuzz_}; mkdir -p $(B)/fuzz/corpus-$$n; \
	  echo "== $$n ($(FUZZ_TIME) s)"; \
	  $$f -max_total_time=$(FUZZ_TIME) -print_final_stats=1 \
	    -artifact_prefix=$(B)/fuzz/crash-$$n- $(B)/fuzz/corpus-$$n tests/fuzz/seeds/$$n || exit 1; \
	done

# }======================================================================

# The Slurm test: a one-node cluster on localhost (tests/cluster/).
test-cluster: all
	@tests/cluster/run.sh

install: all
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(LUA_CMOD) $(DESTDIR)$(MANDIR) \
	  $(DESTDIR)$(SHAREDIR)
	install -m 755 $(B)/lore $(DESTDIR)$(BINDIR)/lore
	install -m 644 $(B)/lore.so $(DESTDIR)$(LUA_CMOD)/lore.so
	install -m 644 docs/lore.1 $(DESTDIR)$(MANDIR)/lore.1
	cp -R rules scripts $(DESTDIR)$(SHAREDIR)/
	@echo "installed into $(DESTDIR)$(PREFIX)"

uninstall: $(B)/config.mk
	rm -f $(DESTDIR)$(BINDIR)/lore $(DESTDIR)$(LUA_CMOD)/lore.so \
	  $(DESTDIR)$(MANDIR)/lore.1
	rm -rf $(DESTDIR)$(SHAREDIR)

clean:
	rm -rf $(B) lore
