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
# PREFIX=/usr: the module goes where the system's lua5.4 looks (its
# pkg-config INSTALL_CMOD), and finds /usr/share/lore from there
dest2=$(mktemp -d)
trap 'rm -rf "$dest" "$dest2"' EXIT
cmod=$(pkg-config --variable=INSTALL_CMOD lua5.4)
make -s install DESTDIR="$dest2" PREFIX=/usr >/dev/null 2>&1 && ok "make install PREFIX=/usr" || no "make install PREFIX=/usr"
[ -f "$dest2$cmod/lore.so" ] && ok "PREFIX=/usr: module in $cmod" || no "PREFIX=/usr: no $dest2$cmod/lore.so"
m=$(cd /tmp && lua5.4 -e "package.cpath='$dest2$cmod/?.so;'..package.cpath; print(require 'lore'.home)" 2>&1)
[ "$m" = "$dest2/usr/share/lore" ] && ok "PREFIX=/usr: the module finds its share dir" || no "PREFIX=/usr module: $m"
make -s uninstall DESTDIR="$dest2" PREFIX=/usr >/dev/null 2>&1
left=$(find "$dest2" -type f | wc -l)
[ "$left" -eq 0 ] && ok "PREFIX=/usr: make uninstall removes every installed file" || no "PREFIX=/usr: $left files left"
echo "$pass passed, $fail failed"
