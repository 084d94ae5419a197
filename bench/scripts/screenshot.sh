#!/usr/bin/env bash
# Screenshots a report page as a person sees it: Debian's headless Chromium, no network.
#   bench/scripts/screenshot.sh runs/quickstart/TIME/eval/report.html report.png [WIDTH,HEIGHT]
# (apt-get install -y chromium). Look at the PNG: the comparison first, whole class names, the
# confusion matrix's legend, the curves' axes.
set -euo pipefail
page="$(realpath "$1")"
out="$(realpath -m "$2")"
size="${3:-1200,3000}"
profile="$(mktemp -d)"
trap 'rm -rf "$profile"' EXIT
chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
  --disable-background-networking --disable-component-update --disable-sync \
  --user-data-dir="$profile" --hide-scrollbars --window-size="$size" \
  --screenshot="$out" "file://$page" 2>/dev/null
echo "wrote $out"
