#!/bin/sh
# mkdeb.sh — build swrtui_<version>_<arch>.deb from the tree (make deb).
#
# The package is assembled with dpkg-deb from a staged `make install DESTDIR=… PREFIX=/usr`, not with
# debhelper: the tree already installs itself (make install), so a debian/rules would only repeat it,
# and this needs nothing but dpkg-dev. Depends comes from dpkg-shlibdeps. swrtui opens libcurl and
# libcrypto at run time (dlopen, src/base/lazylib.c), which dpkg-shlibdeps cannot see in the binary, so
# it is also run on a small probe linked against those two libraries (never shipped): their packages
# and versions come from the same shlibs data as the others.
# Usage: sh tools/mkdeb.sh VERSION OUTDIR
set -eu
version=$1
outdir=$2
cd "$(dirname "$0")/.."
arch=$(dpkg --print-architecture)
work=build/deb
rm -rf "$work/root" "$work/probe"
stage=$work/root
mkdir -p "$stage/DEBIAN" "$work/probe/debian"

# Built apart (build/deb/obj), with Debian's hardening flags (dpkg-buildflags, hardening=+all).
export DEB_BUILD_MAINT_OPTIONS=hardening=+all
cflags="$(dpkg-buildflags --get CFLAGS) $(dpkg-buildflags --get CPPFLAGS)"
ldflags=$(dpkg-buildflags --get LDFLAGS)
make -s install BUILD="$work/obj" PROGRAM="$work/swrtui" CFLAGS="$cflags" LDFLAGS="$ldflags" \
	DESTDIR="$PWD/$stage" PREFIX=/usr >/dev/null
strip --remove-section=.comment --remove-section=.note --strip-unneeded "$stage/usr/bin/swrtui"
gzip -9n "$stage/usr/share/man/man1/swrtui.1"

doc=$stage/usr/share/doc/swrtui
mkdir -p "$doc"
cat >"$doc/copyright" <<COPYRIGHT
Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/
Upstream-Name: swrtui
Source: the swrtui source tree

Files: *
Copyright: 2026 The swrtui authors
License: all-rights-reserved
 Copyright 2026 The swrtui authors. All rights reserved. No license to copy, modify or
 redistribute this software is granted except by the swrtui authors in writing.
COPYRIGHT
date=$(date -u -R -d "@${SOURCE_DATE_EPOCH:-$(git log -1 --format=%ct 2>/dev/null || date +%s)}")
printf 'swrtui (%s) unstable; urgency=medium\n\n  * Package built from the swrtui tree.\n\n -- swrtui maintainers <swrtui@users.noreply.github.com>  %s\n' \
	"$version" "$date" | gzip -9n >"$doc/changelog.gz"

# Depends: the linked libraries of the binary, and those it opens at run time (the probe)
cat >"$work/probe/probe.c" <<'PROBE'
#include <curl/curl.h>
#include <openssl/crypto.h>
int main(void) { return curl_version_info(CURLVERSION_NOW) != 0 && OpenSSL_version(0) != 0 ? 0 : 1; }
PROBE
${CC:-cc} -o "$work/probe/probe" "$work/probe/probe.c" -lcurl -lcrypto
printf 'Source: swrtui\n\nPackage: swrtui\nArchitecture: any\n' >"$work/probe/debian/control"
bin=$PWD/$stage/usr/bin/swrtui
depends=$(cd "$work/probe" && dpkg-shlibdeps -O "$bin" ./probe 2>/dev/null | sed -n 's/^shlibs:Depends=//p')
[ -n "$depends" ] || { echo "mkdeb: dpkg-shlibdeps found no dependencies" >&2; exit 1; }

size=$(du -sk --exclude=DEBIAN "$stage" | cut -f1)
cat >"$stage/DEBIAN/control" <<CONTROL
Package: swrtui
Version: $version
Architecture: $arch
Maintainer: swrtui maintainers <swrtui@users.noreply.github.com>
Installed-Size: $size
Depends: $depends
Section: admin
Priority: optional
Description: terminal UI for the replication targets of Huawei Cloud SWR
 swrtui edits the replication target registries of a Huawei Cloud SWR
 Enterprise Edition instance: an ncurses form with validation, decoded
 error panels, a request log and inspector, a probe of the target from this
 machine, and plain commands (list, show, apply, create, delete, policies,
 replicate, probe, decode) for scripts. Credentials never go on the command
 line.
CONTROL
(cd "$stage" && find usr -type f -print0 | LC_ALL=C sort -z | xargs -0 md5sum >DEBIAN/md5sums)
find "$stage" -type d -exec chmod 0755 {} +
out=$outdir/swrtui_${version}_${arch}.deb
dpkg-deb --root-owner-group -Zxz --build "$stage" "$out" >/dev/null
echo "$out"
