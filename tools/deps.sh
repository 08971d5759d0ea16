#!/bin/sh
# tools/deps.sh: install the Debian packages lore needs, exactly the missing
# ones. Usage: tools/deps.sh [--check]
#   --check   only report; exit 1 if something is missing
# When not root and something is missing, print the one command to run and
# fail. Runs `apt-get update` first when the package lists are empty or a
# missing package has no install candidate.
set -eu

# Build: compiler, Lua 5.4 + LPeg, PCRE2, utf8proc (Unicode tables), jansson
# (JSON reading), readline (REPL line editing), cmocka (C unit tests).
BUILD="gcc make pkg-config liblua5.4-dev lua-lpeg-dev libpcre2-dev
libutf8proc-dev libjansson-dev libreadline-dev libcmocka-dev"
# Data: common English words (sentence-initial names), ISO country codes.
DATA="wamerican iso-codes"
# Tests: stock lua5.4 (require "lore"), valgrind (leaks), tmux (REPL on a
# pseudo-terminal), clang + its runtime (libFuzzer), chromium (HTML report),
# slurm-wlm + munge (make test-cluster), python3 (tests/html/check.py, JSON checks).
TEST="lua5.4 valgrind tmux clang libclang-rt-14-dev chromium slurm-wlm munge python3"

PKGS="$BUILD $DATA $TEST"

missing=""
for p in $PKGS; do
  st=$(dpkg-query -W -f='${db:Status-Status}' "$p" 2>/dev/null || true)
  [ "$st" = "installed" ] || missing="$missing $p"
done
missing=$(echo $missing)

if [ -z "$missing" ]; then
  echo "deps: all $(echo $PKGS | wc -w) packages present"
  exit 0
fi
echo "deps: missing: $missing"
[ "${1:-}" = "--check" ] && exit 1

if [ "$(id -u)" != 0 ]; then
  echo "deps: not root; run this, then make again:" >&2
  echo "  sudo apt-get update && sudo apt-get install -y --no-install-recommends $missing" >&2
  exit 1
fi

export DEBIAN_FRONTEND=noninteractive
need_update=0
ls /var/lib/apt/lists/*_Packages >/dev/null 2>&1 || need_update=1
if [ $need_update = 0 ]; then
  for p in $missing; do
    apt-cache show "$p" >/dev/null 2>&1 || { need_update=1; break; }
  done
fi
[ $need_update = 1 ] && apt-get update -q
# shellcheck disable=SC2086
apt-get install -y -q --no-install-recommends $missing
echo "deps: installed $missing"
