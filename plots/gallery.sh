#!/usr/bin/env bash
# gallery.sh — regenerate docs/gallery/, the gallery's plots: runs the quick-start scenario with
# the given ddbsim binary into a temporary folder, draws its plots with this tree's scripts and
# copies the PNGs, each checked to be at most 200 KB so that they stay cheap to commit. Run it
# after changing a plot script or the quick-start scenario; it builds nothing itself.
# usage: plots/gallery.sh DDBSIM_BINARY        (e.g. plots/gallery.sh build/ddbsim)
set -euo pipefail
if [ $# != 1 ] || [ ! -x "$1" ]; then
    echo "usage: plots/gallery.sh DDBSIM_BINARY (an executable ddbsim, e.g. build/ddbsim)" >&2
    exit 2
fi
bin=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
src=$(cd "$(dirname "$0")/.." && pwd)
gallery=$src/docs/gallery
max_bytes=204800
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

"$bin" run "$src/scenarios/quickstart.json" -o "$tmp/quickstart" --quiet
DDBSIM_PLOTS_DIR="$src/plots" "$bin" plot "$tmp/quickstart" --quiet

mkdir -p "$gallery"
rm -f "$gallery"/*.png
for png in "$tmp/quickstart"/*.png; do
    size=$(stat -c %s "$png")
    if [ "$size" -gt "$max_bytes" ]; then
        echo "gallery.sh: $(basename "$png") is $size bytes, over $max_bytes: make the plot smaller" >&2
        exit 1
    fi
    cp "$png" "$gallery/"
    echo "docs/gallery/$(basename "$png")  $size bytes"
done
