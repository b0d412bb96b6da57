#!/bin/sh
# demo.sh — run swrtui against the local SWR emulator loaded with sample registries, starting as a
# newcomer does: a token and a region, nothing else (the project is found from the region, the
# instance picker opens). SWRTUI_DEMO_PRESET=1 presets the project and instance IDs instead.
# Usage: sh tools/demo.sh /path/to/swrtui [swrtui arguments...]
set -eu
bin=$1
shift
here=$(cd "$(dirname "$0")/.." && pwd)
out=$(mktemp)
python3 "$here/tests/emulator/swr_emulator.py" --sample --port 0 --quiet >"$out" 2>/dev/null &
emu=$!
trap 'kill $emu 2>/dev/null; wait $emu 2>/dev/null; rm -f "$out"' EXIT INT TERM
i=0
until grep -q '^SWR-EMULATOR LISTENING ' "$out"; do
	i=$((i + 1))
	if [ $i -gt 100 ] || ! kill -0 $emu 2>/dev/null; then
		echo "demo: the emulator did not start" >&2
		exit 1
	fi
	sleep 0.1
done
url=$(sed -n 's/^SWR-EMULATOR LISTENING //p' "$out")
echo "demo: SWR emulator at $url (region cn-north-4; it also answers as IAM)" >&2
export SWRTUI_ENDPOINT="$url"
export SWRTUI_REGION=cn-north-4
export SWRTUI_IAM_ENDPOINT="$url"
export SWRTUI_TOKEN=emulator-token
if [ "${SWRTUI_DEMO_PRESET:-}" = 1 ]; then
	export SWRTUI_PROJECT_ID=0a1b2c3d4e5f60718293a4b5c6d7e8f9
	export SWRTUI_INSTANCE_ID=8f3e2a1b-1234-4cde-9abc-0123456789ab
fi
if [ $# -eq 0 ] && ! [ -t 0 ]; then
	set -- instances # no terminal: show the instances with the plain command
fi
"$bin" "$@"
