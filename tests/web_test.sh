#!/usr/bin/env bash
# web_test.sh SRC WASM_DIR OUT — the teaching playground (web/) in a real browser.
#
# Checks the page's controls under node (web/test/edit-test.js), builds the page from WASM_DIR's
# entry point (web/build-web.sh, into OUT/site), then drives Debian's chromium headless with
# puppeteer-core (web/test/browser-test.js; pinned by web/package-lock.json, installed with
# `npm ci` into OUT/npm unless web/node_modules has it): load the page from file://, run the
# hot-key preset, change the shard count, see the throttle rate fall and the heat map redrawn, no
# console error, no network request, from file:// and over HTTP from a plain static server;
# screenshots go to OUT/shots, each preset's run time and the page's size to the log. WASM_DIR is used as it is (the wasm test brings it up to date first).
# Skipped (exit 77), saying why, without node, without a WebAssembly build in WASM_DIR, without
# chromium, or when puppeteer-core cannot be installed.
set -euo pipefail
. "$(dirname "$0")/skip.sh"
src=$(cd "$1" && pwd)
wasm=$2
mkdir -p "$3"
out=$(cd "$3" && pwd)

if ! command -v node >/dev/null; then
    skip "node not found (apt-get install nodejs)"
fi
node "$src/web/test/edit-test.js" "$src"
if [ ! -f "$wasm/ddbsim_wasm.js" ]; then
    skip "no WebAssembly build in $wasm (web/build-wasm.sh $wasm makes one; needs emscripten)"
fi
chromium=${CHROMIUM:-$(command -v chromium || command -v chromium-browser || true)}
if [ -z "$chromium" ]; then
    skip "chromium not found (apt-get install chromium)"
fi
if [ -d "$src/web/node_modules/puppeteer-core" ]; then
    export NODE_PATH=$src/web/node_modules
else
    mkdir -p "$out/npm"
    if ! cmp -s "$src/web/package-lock.json" "$out/npm/package-lock.json" || [ ! -d "$out/npm/node_modules" ]; then
        cp "$src/web/package.json" "$src/web/package-lock.json" "$out/npm/"
        if ! command -v npm >/dev/null || ! (cd "$out/npm" && npm ci --no-audit --no-fund --loglevel=error); then
            rm -f "$out/npm/package-lock.json"
            skip "puppeteer-core could not be installed (cd web && npm ci needs npm and the npm registry)"
        fi
    fi
    export NODE_PATH=$out/npm/node_modules
fi
rm -rf "$out/site"
sh "$src/web/build-web.sh" "$wasm" "$out/site"
CHROMIUM=$chromium node "$src/web/test/browser-test.js" "$out/site" "$out/shots"
echo "screenshots: $out/shots"
