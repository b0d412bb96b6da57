#!/bin/sh
# ensure-deps.sh — make sure the Debian packages that swrtui's build, tests and demo need are installed.
# As root it installs the missing ones with apt-get; otherwise it prints the exact command to run.
# Usage: sh tools/ensure-deps.sh [extra-package...]
set -u

PACKAGES="gcc make pkg-config libncurses-dev libcurl4-openssl-dev libcjson-dev libssl-dev libcmocka-dev
python3 tmux openssl ca-certificates mandoc zsh docker-registry apache2-utils $*"

if ! command -v dpkg-query >/dev/null 2>&1; then
	echo "ensure-deps: not a Debian system (no dpkg-query); install the equivalents of: $PACKAGES" >&2
	exit 0
fi

missing=""
for p in $PACKAGES; do
	status=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null)
	case "$status" in
	*"install ok installed"*) ;;
	*) missing="$missing $p" ;;
	esac
done

[ -z "$missing" ] && exit 0

if [ "$(id -u)" = 0 ]; then
	echo "ensure-deps: installing:$missing" >&2
	export DEBIAN_FRONTEND=noninteractive
	if ! apt-get install -y -q --no-install-recommends $missing >/tmp/swrtui-apt.log 2>&1; then
		apt-get update -q >/dev/null 2>&1 || true
		if ! apt-get install -y -q --no-install-recommends $missing >/tmp/swrtui-apt.log 2>&1; then
			echo "ensure-deps: apt-get install failed; see /tmp/swrtui-apt.log" >&2
			tail -n 20 /tmp/swrtui-apt.log >&2
			exit 1
		fi
	fi
	exit 0
fi

echo "ensure-deps: missing Debian packages:$missing" >&2
echo "ensure-deps: run:  sudo apt-get install -y$missing" >&2
exit 1
