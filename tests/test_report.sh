#!/usr/bin/env bash
# report.html and the verdict, end to end through the command line: `ddbsim explain` on the
# hot-key scenario names the key, what it asked, the limit and the reason; report.html has its
# title, verdict, summary table, one inline <svg> per plot and no address or script; without
# gnuplot, `ddbsim plot` says which package to install (exit 1) and `run --plot` still exits 0;
# bad folders are one line naming the file, exit 1.
# usage: test_report.sh DDBSIM_BINARY SOURCE_DIR
set -u
bin=$1
src=$2
source "$(dirname "$0")/lib.sh"
has() { grep -qE -- "$2" "$1" && ok || bad "$(basename "$1") does not match /$2/"; }
hasnt() { grep -qE -- "$2" "$1" && bad "$(basename "$1") matches /$2/: $(grep -oE -- "$2" "$1" | head -3)" || ok; }

"$bin" run "$src/scenarios/hot-key.json" -o "$tmp/hk" --quiet || bad "hot-key run failed"

# The verdict on hot-key.json, from its folder alone.
expect 0 "" -- "$bin" explain "$tmp/hk"
cp "$tmp/out" "$tmp/explain.txt"
tr '\n' ' ' <"$tmp/explain.txt" | sed 's/  */ /g' >"$tmp/explain1.txt" # undo the wrapping
has "$tmp/explain1.txt" '^hot-key: A provisioned table of 100 RCU and 10,000 WCU'
has "$tmp/explain1.txt" 'Verdict: Hot key: SENSOR#42 asked for (1,9[5-9][0-9]|2,0[0-4][0-9]) WCU/s'
has "$tmp/explain1.txt" 'hard cap of 1,000 WCU/s'
has "$tmp/explain1.txt" 'key range throttling: [0-9,]* TableWriteKeyRangeThroughputExceeded'
has "$tmp/explain1.txt" 'against a 1,000 WCU/s limit'
has "$tmp/explain1.txt" 'What to do: More capacity will not help'
has "$tmp/explain1.txt" 'The numbers behind it: table: 100 RCU and 10,000 WCU provisioned over 11 partitions'
has "$tmp/explain1.txt" 'hottest key: SENSOR#42 on partition #[0-9]+: asked for 1,9[0-9][0-9]\.[0-9] WCU/s on average'
awk 'length > 100 { exit 1 }' "$tmp/explain.txt" && ok || bad "explain prints lines over 100 columns"
# The README quotes this verdict (under its explain command): it must still be what explain says.
readme=$(awk '/^    \$ build\/ddbsim explain/ { ex = 1 } ex && /^    Verdict: Hot key:/ { on = 1 } on && /^$/ { exit } on' "$src/README.md" | tr '\n' ' ' | sed 's/  */ /g; s/ $//')
said=$(awk '/^Verdict: / { on = 1 } on && /^$/ { exit } on' "$tmp/explain.txt" | tr '\n' ' ' | sed 's/  */ /g; s/ $//')
[ -n "$readme" ] && [ " $said" = "$readme" ] && ok || bad "README's quoted verdict is stale: README '$readme', explain '$said'"

# The report, with plots when gnuplot is here, without (and saying why) when it is not.
if command -v gnuplot >/dev/null; then
    expect 0 "" -- "$bin" plot "$tmp/hk"
else
    expect 1 "gnuplot not found" -- "$bin" plot "$tmp/hk"
fi
html="$tmp/hk/report.html"
[ -s "$html" ] && ok || bad "no report.html"
has "$html" '^<!DOCTYPE html>$'
has "$html" '<title>ddbsim report: hot-key</title>'
has "$html" '<section id="scenario">'
has "$html" '<section id="verdict">'
has "$html" '<p class="headline">Hot key: SENSOR#42 asked for (1,9[5-9][0-9]|2,0[0-4][0-9]) WCU/s'
has "$html" '<table class="summary">'
has "$html" '<tr><th>TableWriteKeyRangeThroughputExceeded</th><td>[0-9,]+</td></tr>'
has "$html" '<section id="plots">'
has "$html" '<section id="numbers">'
hasnt "$html" 'https?://'
hasnt "$html" '<script'
hasnt "$html" '<link'
hasnt "$html" 'src="[^d]'
n_svg=$(ls "$tmp/hk"/*.svg 2>/dev/null | wc -l)
[ "$(grep -c '<svg' "$html")" = "$n_svg" ] && [ "$(grep -c '<figure id="plot-' "$html")" = "$n_svg" ] && ok ||
    bad "report.html has $(grep -c '<svg' "$html") <svg> for $n_svg plot files"
if command -v gnuplot >/dev/null; then
    [ "$n_svg" -ge 5 ] && ok || bad "only $n_svg plots drawn"
fi

# Without gnuplot on PATH: plot exits 1 naming the package, still writes the report; run --plot
# exits 0 with the same message.
mkdir -p "$tmp/nopath"
expect 1 "^ddbsim: gnuplot not found: install it \(Debian: apt-get install gnuplot-nox\) to draw the plots; the CSV files are in $tmp/hk$" -- env PATH="$tmp/nopath" "$bin" plot "$tmp/hk" --quiet
has "$html" 'Plots not drawn: gnuplot was not found'
expect 0 "gnuplot not found: install it \(Debian: apt-get install gnuplot-nox\)" -- env PATH="$tmp/nopath" "$bin" run "$src/scenarios/hot-key.json" --duration 2 -o "$tmp/np" --plot --quiet
[ -s "$tmp/np/report.html" ] && [ -s "$tmp/np/summary.json" ] && ok || bad "run --plot without gnuplot wrote no report"

# Bad folders: one line naming the file, exit 1; bad usage: exit 2.
expect 1 "$tmp/missing: cannot read" -- "$bin" explain "$tmp/missing"
expect 1 "$tmp/missing: cannot read" -- "$bin" plot "$tmp/missing"
mkdir -p "$tmp/nosummary"
expect 1 "$tmp/nosummary: not a run folder \(no manifest.json" -- "$bin" explain "$tmp/nosummary"
cp -r "$tmp/hk" "$tmp/broken"
printf 't_s,index,partition,consumed_rcu,consumed_wcu,read_throttles,write_throttles\n0,table,0,1\n' >"$tmp/broken/partitions.csv"
expect 1 "$tmp/broken/partitions.csv:2: expected 7 fields, got 4" -- "$bin" explain "$tmp/broken"
expect 1 "$tmp/broken/partitions.csv:2" -- "$bin" plot "$tmp/broken"
expect 1 "$tmp/hk/summary.json: not a directory" -- "$bin" explain "$tmp/hk/summary.json"
expect 2 "" -- "$bin" explain
expect 2 "unknown option" -- "$bin" explain "$tmp/hk" --bogus
expect 2 "" -- "$bin" plot
expect 2 "unknown option" -- "$bin" plot "$tmp/hk" --bogus
expect 0 "" -- "$bin" plot --help
has "$tmp/out" 'DDBSIM_PLOTS_DIR'
expect 0 "" -- "$bin" explain --help
expect 0 "" -- "$bin" --help
has "$tmp/out" 'plot OUTDIR'
has "$tmp/out" 'explain OUTDIR'
has "$tmp/out" 'DDBSIM_PLOTS_DIR'

echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
