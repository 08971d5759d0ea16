#!/bin/sh
# tools/devtest.sh: build and run one cmocka test with just the core files it
# needs, without the rest of the tree (handy while other modules are being
# written). Usage: tools/devtest.sh [--asan] test_name core/a.c core/b.c ...
# Example: tools/devtest.sh --asan test_tok core/lore_tok.c core/lore_utf8.c \
#            core/lore_buf.c core/lore_err.c
set -e
cd "$(dirname "$0")/.."
san=""
if [ "$1" = "--asan" ]; then san="-fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all"; shift; fi
name=$1; shift
mkdir -p build/dev
flags="-std=c11 -O1 -g -Wall -Wextra -Werror -Wshadow -Wmissing-prototypes -Wstrict-prototypes -Wno-unused-parameter -D_DEFAULT_SOURCE -D_POSIX_C_SOURCE=200809L -DUNIT_TESTING"
cc $flags $san $(pkg-config --cflags libpcre2-8 libutf8proc jansson) -Icore -Itests \
  -o build/dev/$name tests/$name.c "$@" \
  $(pkg-config --libs libpcre2-8 libutf8proc jansson cmocka) -lm
exec build/dev/$name
