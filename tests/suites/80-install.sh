#!/bin/sh
# make install into a temporary DESTDIR, run the installed binary and
# module from elsewhere, then make uninstall removes exactly that.
pass=0; fail=0
ok () { pass=$((pass + 1)); echo "ok   $1"; }
no () { fail=$((fail + 1)); echo "FAIL $1"; }
top=$(pwd)
dest=$(mktemp -d)
trap 'rm -rf "$dest"' EXIT
make -s install DESTDIR="$dest" PREFIX=/usr/local >/dev/null 2>&1 && ok "make install" || no "make install"
bin="$dest/usr/local/bin/lore"
[ -x "$bin" ] && ok "binary installed" || no "binary installed"
[ -f "$dest/usr/local/share/man/man1/lore.1" ] && ok "man page installed" || no "man page installed"
[ -f "$dest/usr/local/lib/lua/5.4/lore.so" ] && ok "module installed" || no "module installed"
cd /tmp || exit 1
home=$("$bin" run /dev/stdin <<'LUA'
print(lore.home)
LUA
)
[ "$home" = "$dest/usr/local/share/lore" ] && ok "installed lore finds its share dir" || no "lore.home is '$home'"
"$bin" test >/dev/null 2>&1 && ok "bundled rule examples pass from the install" || no "lore test from the install"
n=$("$bin" extract "$top/corpus" -q 2>/dev/null | wc -l)
[ "$n" -eq 5 ] && ok "installed extract reads the corpus" || no "installed extract: $n lines"
m=$(lua5.4 -e "package.cpath='$dest/usr/local/lib/lua/5.4/?.so;'..package.cpath; local l=require 'lore'; print(l.home)" 2>&1)
[ "$m" = "$dest/usr/local/share/lore" ] && ok "stock lua5.4 loads the installed module" || no "module: $m"
cd "$top" || exit 1
make -s uninstall DESTDIR="$dest" PREFIX=/usr/local >/dev/null 2>&1
left=$(find "$dest" -type f | wc -l)
[ "$left" -eq 0 ] && ok "make uninstall removes every installed file" || no "$left files left after uninstall"
echo "$pass passed, $fail failed"
