#!/usr/bin/env bash
# report.html in a real browser: headless Chromium from Debian's packages (installed here when
# missing and possible) opens a tiny run's report, takes a screenshot, logs no console message
# (a blocked request, a script or markup error would log one), and lays out every plot at a
# non-zero size. Skipped, with a message saying why, where Chromium or gnuplot cannot be had.
# usage: test_report_chromium.sh DDBSIM_BINARY SOURCE_DIR [SCREENSHOT.png]
set -u
bin=$1
src=$2
shot=${3:-report_chromium.png}
skip() { echo "SKIPPED: $*"; exit 77; }

if ! command -v chromium >/dev/null; then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
        echo "chromium not found: installing Debian's package"
        export DEBIAN_FRONTEND=noninteractive
        apt-get install -y -qq chromium >/dev/null 2>&1 ||
            { apt-get update -qq >/dev/null 2>&1 && apt-get install -y -qq chromium >/dev/null 2>&1; }
    fi
    command -v chromium >/dev/null ||
        skip "chromium is not installed and could not be (needs root, apt-get and the network: apt-get install chromium)"
fi
command -v gnuplot >/dev/null || skip "gnuplot not found (Debian: apt-get install gnuplot-nox): no plots to check"

source "$(dirname "$0")/lib.sh"

"$bin" run "$src/scenarios/quickstart.json" --duration 8 --set 'workload.rate.steps[1].at_s=4' -o "$tmp/run" --plot --quiet ||
    bad "ddbsim run --plot failed"
n_svg=$(ls "$tmp/run"/*.svg | wc -l)
[ "$n_svg" -ge 5 ] && ok || bad "only $n_svg plots drawn"

# chromium ARGS... URL: headless, no network services, a throwaway profile; stderr kept.
browse() {
    local profile
    profile=$(mktemp -d)
    timeout 120 chromium --headless --no-sandbox --disable-gpu --disable-background-networking \
        --disable-component-update --no-first-run --disable-sync --disable-dev-shm-usage \
        --user-data-dir="$profile" --enable-logging=stderr --v=0 "$@" 2>>"$tmp/chromium.log"
    local rc=$?
    rm -rf "$profile"
    return $rc
}

# Console messages appear in Chromium's log as CONSOLE lines.
console_messages() { grep -E 'CONSOLE|Refused to|Content Security Policy|Uncaught' "$1"; }

# 1. The page as shipped: a screenshot, and not one console message.
: >"$tmp/chromium.log"
browse --window-size=1100,5000 --screenshot="$tmp/shot.png" "file://$tmp/run/report.html" >/dev/null ||
    bad "chromium --screenshot failed: $(tail -5 "$tmp/chromium.log")"
if [ -s "$tmp/shot.png" ] && [ "$(head -c 8 "$tmp/shot.png" | od -An -tx1 | tr -d ' \n')" = 89504e470d0a1a0a ]; then
    cp "$tmp/shot.png" "$shot" && echo "screenshot: $shot"
    ok
else
    bad "no screenshot"
fi
console_messages "$tmp/chromium.log" >"$tmp/console.txt" && bad "console messages: $(head -5 "$tmp/console.txt")" || ok

# inject FILE HTML: FILE with HTML put before </body> and its policy opened to inline script, and
# nothing else (awk's index and substr: no character of HTML is special).
inject() {
    awk -v add="$2" '{
        i = index($0, "default-src '"'"'none'"'"';")
        if (i) $0 = substr($0, 1, i + 18) " script-src '"'"'unsafe-inline'"'"';" substr($0, i + 19)
        i = index($0, "</body>")
        if (i) $0 = substr($0, 1, i - 1) add substr($0, i)
        print
    }' "$1"
}

# 2. A copy with a check appended (the page itself has no script, and its policy forbids one: the
# copy's policy allows inline script and nothing more). It measures every plot and writes the
# result into the DOM, which --dump-dom prints.
check='<script>(function(){var n=0,zero=0;document.querySelectorAll("figure svg, figure img").forEach(function(e){var r=e.getBoundingClientRect();n++;if(!(r.width>0&&r.height>0))zero++;});var p=document.createElement("pre");p.id="ddbsim-check";p.textContent="PLOTS "+n+" ZERO-SIZED "+zero;document.body.appendChild(p);})();</script>'
inject "$tmp/run/report.html" "$check" >"$tmp/run/check.html"
: >"$tmp/chromium.log"
browse --window-size=1100,2000 --dump-dom "file://$tmp/run/check.html" >"$tmp/dom.html" ||
    bad "chromium --dump-dom failed: $(tail -5 "$tmp/chromium.log")"
result=$(grep -o 'PLOTS [0-9]* ZERO-SIZED [0-9]*' "$tmp/dom.html")
[ "$result" = "PLOTS $n_svg ZERO-SIZED 0" ] && ok || bad "plot sizes: got '$result', expected 'PLOTS $n_svg ZERO-SIZED 0'"
console_messages "$tmp/chromium.log" >"$tmp/console.txt" && bad "console messages in the check copy: $(head -5 "$tmp/console.txt")" || ok

# 3. The checks can fail: a page that logs an error and fetches an address is caught.
inject "$tmp/run/report.html" '<script>console.error("planted error")</script><img src="http://192.0.2.1/x.png">' \
    >"$tmp/run/planted.html"
: >"$tmp/chromium.log"
browse --dump-dom "file://$tmp/run/planted.html" >/dev/null
grep -q 'planted error' "$tmp/chromium.log" && grep -q '192.0.2.1.*Content Security Policy' "$tmp/chromium.log" && ok ||
    bad "a planted console error and a blocked request went unnoticed: $(tail -5 "$tmp/chromium.log")"

echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
