#!/usr/bin/env bash
# The gnuplot scripts and `ddbsim plot`: every script draws a non-empty PNG and SVG from a tiny
# run's output and from hand-made fixtures (a GSI, latency, a split), with no warning; each fails
# with one line when its input is missing; `ddbsim plot` draws what applies and writes
# report.html, --gif the animation, `run --plot` both; plots of a previous run do not outlive a new
# one; the README's gallery images exist and are small. From real runs, read in the SVG: a GSI
# run's heat map keeps each colour-bar label inside its panel and the GSI's ticks apart; an
# on-demand run's capacity plot has no provisioned legend; the latency over time is on a log
# axis; compare names every key design in full, wrapped, inside the image.
# usage: test_plots.sh DDBSIM_BINARY SOURCE_DIR — exits 77 (skipped) when gnuplot is missing.
set -u
bin=$1
src=$2
if ! command -v gnuplot >/dev/null; then
    echo "SKIPPED: gnuplot not found (Debian: apt-get install gnuplot-nox)"
    exit 77
fi
source "$(dirname "$0")/lib.sh"

is_png() { [ -s "$1" ] && [ "$(head -c 8 "$1" | od -An -tx1 | tr -d ' \n')" = 89504e470d0a1a0a ]; }
is_svg() { [ -s "$1" ] && grep -q '<svg' "$1" && grep -q '</svg>' "$1"; }

# svg_texts FILE: every text of a gnuplot SVG, one a line: x, y, rotation (degrees), anchor, text,
# tab-separated (the text as drawn, at the point translate(x,y) of its group).
svg_texts() {
    awk '/<g transform="translate\(/ {
            t = $0; sub(/.*translate\(/, "", t); x = t; sub(/,.*/, "", x); y = t; sub(/^[^,]*,/, "", y); sub(/\).*/, "", y)
            r = 0; if ($0 ~ /rotate\(/) { r = $0; sub(/.*rotate\(/, "", r); sub(/\).*/, "", r) }
            a = "start"; if ($0 ~ /text-anchor="/) { a = $0; sub(/.*text-anchor="/, "", a); sub(/".*/, "", a) }
         }
         /<text>/ { t = $0; sub(/.*<text>/, "", t); sub(/<\/text>.*/, "", t); print x "\t" y "\t" r "\t" a "\t" t }' "$1"
}

# script NAME DIR: run plots/NAME.gp on DIR; expect NAME.png and NAME.svg and a silent gnuplot.
script() {
    local name=$1 dir=$2
    if ! gnuplot -c "$src/plots/$name.gp" "$dir" >"$tmp/out" 2>"$tmp/err"; then
        bad "$name.gp on $dir failed: $(head -c 400 "$tmp/err")"; return
    fi
    is_png "$dir/$name.png" || { bad "$name.gp on $dir: no PNG"; return; }
    is_svg "$dir/$name.svg" || { bad "$name.gp on $dir: no SVG"; return; }
    [ -s "$tmp/err" ] && { bad "$name.gp on $dir printed: $(head -c 400 "$tmp/err")"; return; }
    ok
}

# A tiny run of each shape: a skewed table with throttling and retries, and one hot key.
"$bin" run "$src/scenarios/quickstart.json" --duration 8 --set 'workload.rate.steps[1].at_s=4' -o "$tmp/qs" --quiet || bad "quickstart run failed"
"$bin" run "$src/scenarios/hot-key.json" --duration 5 -o "$tmp/hk" --quiet || bad "hot-key run failed"
cp -r "$src/tests/fixtures/run-gsi-split" "$tmp/fx"

for s in capacity throttles heatmap popularity topkeys; do
    script "$s" "$tmp/qs"
    script "$s" "$tmp/hk"
done
[ -s "$tmp/qs/latency.csv" ] && script latency "$tmp/qs"
for s in capacity throttles heatmap latency gsi popularity topkeys; do
    script "$s" "$tmp/fx"
done
# The fixture has a GSI and a split: a panel per index, the split marked.
grep -q 'GSI byStatus: partition heat map' "$tmp/fx/heatmap.svg" || bad "heatmap.svg has no GSI panel"
grep -q '>split<' "$tmp/fx/heatmap.svg" || bad "heatmap.svg does not mark the split"
grep -q 'GSI byStatus: consumed and provisioned capacity' "$tmp/fx/capacity.svg" || bad "capacity.svg has no GSI panel"
grep -q 'GSI back-pressure' "$tmp/fx/throttles.svg" || bad "throttles.svg lacks the back-pressure reason"
grep -q 'byStatus p99' "$tmp/fx/gsi.svg" || bad "gsi.svg lacks the GSI's p99 lag"
ok

# A run with a GSI of many partitions: heatmap.svg stacks a panel per index (SVG height / panels
# each); every colour-bar label (rotated, right half), at 6 px a character, lies inside its own
# panel; the GSI panel (the second) has at most 12 partition ticks, at least 12 px apart.
"$bin" run "$src/scenarios/gsi-low-cardinality.json" --duration 10 -o "$tmp/gl" --quiet || bad "gsi-low-cardinality run failed"
script heatmap "$tmp/gl"
svg_h=$(grep -m1 -oE ' height="[0-9.]+"' "$tmp/gl/heatmap.svg" | grep -oE '[0-9.]+')
svg_texts "$tmp/gl/heatmap.svg" >"$tmp/gl.texts"
grep -c 'partition heat map' "$tmp/gl.texts" | grep -qx 2 || bad "heatmap.svg of a GSI run has not 2 panels"
awk -F'\t' -v h="$svg_h" -v panels=2 '
    $3 == 270 && $1 > 450 && $5 ~ /hard cap/ {
        n++; ph = h / panels; top = int($2 / ph) * ph; half = length($5) * 6 / 2
        if ($2 - half < top || $2 + half > top + ph) { print "label \"" $5 "\" centred at y=" $2 " runs past its panel [" top ", " top + ph "]"; bad = 1 }
    }
    END { if (n != 2) { print "found " n " colour-bar labels, not 2"; bad = 1 } exit bad }' "$tmp/gl.texts" >"$tmp/err" &&
    ok || bad "heatmap.svg colour-bar label: $(cat "$tmp/err")"
awk -F'\t' -v h="$svg_h" '
    $4 == "end" && $1 < 60 && $5 ~ /^ *[0-9]+$/ && $2 > h / 2 { y[n++] = $2 }
    END {
        if (n < 2 || n > 12) { print n " ticks"; exit 1 }
        for (i = 1; i < n; i++) { d = y[i] - y[i - 1]; if (d < 0) d = -d; if (d < 12) { print "ticks " d " px apart"; exit 1 } }
    }' "$tmp/gl.texts" >"$tmp/err" && ok || bad "heatmap.svg GSI panel partition ticks: $(cat "$tmp/err")"

# A run whose GSIs never fall behind (backlog 0 throughout): gsi.gp draws with no warning.
"$bin" run "$src/scenarios/gsi-healthy.json" --duration 10 -o "$tmp/gh" --quiet || bad "gsi-healthy run failed"
script gsi "$tmp/gh"

# An on-demand run (nothing provisioned): capacity.svg draws consumed capacity with no
# "provisioned" line or legend entry; a provisioned run keeps both.
"$bin" run "$src/scenarios/on-demand-spike.json" --duration 20 -o "$tmp/od" --quiet || bad "on-demand-spike run failed"
script capacity "$tmp/od"
grep -q '>consumed WCU/s<' "$tmp/od/capacity.svg" || bad "on-demand capacity.svg lacks consumed WCU/s"
grep -qE '>provisioned (WCU|RCU)<' "$tmp/od/capacity.svg" && bad "on-demand capacity.svg has a provisioned legend entry" || ok
grep -q '>provisioned WCU<' "$tmp/qs/capacity.svg" && ok || bad "provisioned capacity.svg lacks its provisioned line"

# The latency plot's left panel (p50 and p99 over time) has a log y axis: its tick labels (right-
# aligned, left half of the image) go up by tens, so a p50 of a few ms shows beside a p99 of seconds.
script latency "$tmp/od"
ticks=$(svg_texts "$tmp/od/latency.svg" | awk -F'\t' '$1 < 400 && $4 == "end" && $5 ~ /^ *[0-9.]+$/ { print $5 + 0 }')
echo "$ticks" | awk 'NR > 1 && $1 != 10 * p { bad = 1 } { p = $1; n++ } END { exit !(n >= 3 && !bad) }' && ok ||
    bad "latency.svg: the latency-over-time axis is not logarithmic, its ticks: $(echo $ticks)"

# compare.png names every key design in full under its bars, however long: in the SVG, the
# lines of each tick label (at one x, top to bottom) join up to a design of compare.csv, in both
# panels; each line, at 6.5 px a character, lies inside the image and within its design's slot
# (the distance between two ticks).
long='SENSOR#42#{shard:100}#a-rather-long-suffix-for-wrapping'
"$bin" compare "$src/scenarios/write-sharding.json" --key 'SENSOR#42' --key 'SENSOR#42#{shard:10}' --key "$long" \
    --duration 5 -j 2 -o "$tmp/cmp" >/dev/null 2>"$tmp/err" || bad "compare failed: $(cat "$tmp/err")"
if is_svg "$tmp/cmp/compare.svg"; then
    gnuplot -c "$src/plots/compare.gp" "$tmp/cmp" 2>"$tmp/err" && [ ! -s "$tmp/err" ] && ok || bad "compare.gp printed: $(cat "$tmp/err")"
    svg_w=$(grep -m1 -oE ' width="[0-9.]+"' "$tmp/cmp/compare.svg" | grep -oE '[0-9.]+')
    svg_h=$(grep -m1 -oE ' height="[0-9.]+"' "$tmp/cmp/compare.svg" | grep -oE '[0-9.]+')
    svg_texts "$tmp/cmp/compare.svg" | sed 's/&amp;/\&/g; s/&lt;/</g; s/&gt;/>/g' |
        awk -F'\t' -v w="$svg_w" -v h="$svg_h" '
            FNR == 1 && NR == FNR { next }
            NR == FNR { split($0, f, ","); want[f[1]] = 1; nwant++; next }
            # Tick labels: below the plots (the lower quarter), not the legend or axis titles.
            $2 > h * 0.75 && $5 !~ /^ *[0-9]+$/ {
                x = $1 + 0; if (!(x in txt)) { xs[nx++] = x }
                txt[x] = txt[x] $5; len = length($5) * 6.5; a = $3 * 3.14159265 / 180
                x0 = ($4 == "middle") ? x - len / 2 * cos(a) : x; x1 = x0 + len * cos(a)
                y1 = $2 + len * sin(a)
                if (x0 < 0 || x1 > w || y1 > h) { print "\"" $5 "\" runs out of the image"; bad = 1 }
                if (len * cos(a) > width[x]) { width[x] = len * cos(a) }
            }
            END {
                for (i = 0; i < nx; i++) {
                    if (!(txt[xs[i]] in want)) { print "tick label \"" txt[xs[i]] "\" is not a design"; bad = 1 }
                    seen[txt[xs[i]]]++
                    if (i > 0 && xs[i] > xs[i - 1] && width[xs[i]] / 2 + width[xs[i - 1]] / 2 > xs[i] - xs[i - 1]) {
                        print "\"" txt[xs[i]] "\" overlaps its neighbour"; bad = 1
                    }
                }
                for (d in want) if (seen[d] != 2) { print "design \"" d "\" named " seen[d] + 0 " times, not 2"; bad = 1 }
                exit bad
            }' "$tmp/cmp/compare.csv" - >"$tmp/err" && ok || bad "compare.svg tick labels: $(head -3 "$tmp/err")"
else
    bad "compare -o drew no compare.svg"
fi

# OUT.png as a second argument (capacity.gp's interface): OUT.png and OUT.svg.
gnuplot -c "$src/plots/capacity.gp" "$tmp/hk" "$tmp/elsewhere.png" 2>"$tmp/err" && is_png "$tmp/elsewhere.png" &&
    is_svg "$tmp/elsewhere.svg" && ok || bad "capacity.gp OUTDIR OUT.png: $(cat "$tmp/err")"

# Missing input: non-zero exit, one line naming the file.
mkdir -p "$tmp/empty"
for s in capacity throttles heatmap heatmap-animated latency gsi popularity topkeys; do
    if gnuplot -c "$src/plots/$s.gp" "$tmp/empty" >/dev/null 2>"$tmp/err"; then
        bad "$s.gp on an empty folder exited 0"
    elif [ "$(wc -l <"$tmp/err")" != 1 ] || ! grep -q "$s.gp: cannot read $tmp/empty/" "$tmp/err"; then
        bad "$s.gp on an empty folder: not one line naming the file: $(cat "$tmp/err")"
    else
        ok
    fi
done
gnuplot -c "$src/plots/capacity.gp" >/dev/null 2>&1 && bad "capacity.gp without OUTDIR exited 0" || ok

# The animated heat map.
gnuplot -c "$src/plots/heatmap-animated.gp" "$tmp/fx" 2>/dev/null &&
    [ "$(head -c 6 "$tmp/fx/heatmap-animated.gif")" = GIF89a ] && ok || bad "heatmap-animated.gp drew no GIF"

# ddbsim plot: what applies, the report, --gif; exit 0.
# gnuplot alone wrote them: no manifest lists them, so ddbsim plot would not draw over them.
rm -f "$tmp"/fx/*.png "$tmp"/fx/*.svg "$tmp"/fx/*.gif "$tmp"/hk/*.png "$tmp"/hk/*.svg "$tmp"/qs/*.png "$tmp"/qs/*.svg
"$bin" plot "$tmp/fx" >"$tmp/out" 2>"$tmp/err" || bad "ddbsim plot exited $?: $(cat "$tmp/err")"
for s in capacity throttles heatmap latency gsi popularity topkeys; do
    is_png "$tmp/fx/$s.png" && is_svg "$tmp/fx/$s.svg" || bad "ddbsim plot did not draw $s"
done
[ -e "$tmp/fx/heatmap-animated.gif" ] && bad "ddbsim plot drew the GIF without --gif"
[ -s "$tmp/fx/report.html" ] || bad "ddbsim plot wrote no report.html"
grep -q "Report: $tmp/fx/report.html" "$tmp/out" || bad "ddbsim plot does not name the report: $(cat "$tmp/out")"
[ "$(grep -c '<svg' "$tmp/fx/report.html")" = 7 ] || bad "report.html does not inline the 7 plots"
ok
"$bin" plot "$tmp/hk" --gif --quiet 2>/dev/null || bad "ddbsim plot --gif failed"
[ "$(head -c 6 "$tmp/hk/heatmap-animated.gif")" = GIF89a ] && ok || bad "ddbsim plot --gif drew no GIF"
# A run without GSIs draws no GSI plot; a GSI plot put there by hand (no manifest lists it) is
# neither shown nor removed.
cp "$tmp/fx/gsi.png" "$tmp/fx/gsi.svg" "$tmp/hk/"
"$bin" plot "$tmp/hk" --quiet 2>/dev/null || bad "ddbsim plot on hot-key failed"
[ -e "$tmp/hk/gsi.png" ] && [ -e "$tmp/hk/gsi.svg" ] && ok || bad "ddbsim plot removed a file no manifest lists"
grep -q 'id="plot-gsi"' "$tmp/hk/report.html" && bad "hot-key's report shows a GSI plot" || ok
rm "$tmp/hk/gsi.png" "$tmp/hk/gsi.svg"

# run --plot draws and reports; a later run without --plot leaves no stale plot or report.
"$bin" run "$src/scenarios/hot-key.json" --duration 3 -o "$tmp/rp" --plot --quiet 2>"$tmp/err" || bad "run --plot exited $?"
is_png "$tmp/rp/capacity.png" && [ -s "$tmp/rp/report.html" ] && ok || bad "run --plot drew nothing: $(cat "$tmp/err")"
"$bin" run "$src/scenarios/hot-key.json" --duration 3 -o "$tmp/rp" --quiet || bad "second run failed"
ls "$tmp/rp" | grep -qE '\.(png|svg|gif|html)$' && bad "plots of a previous run survived a new run: $(ls "$tmp/rp")" || ok

# DDBSIM_PLOTS_DIR overrides where the scripts are.
DDBSIM_PLOTS_DIR="$tmp/empty" "$bin" plot "$tmp/hk" >/dev/null 2>"$tmp/err" && bad "a bad DDBSIM_PLOTS_DIR was accepted"
grep -q "DDBSIM_PLOTS_DIR=$tmp/empty: no plot scripts there" "$tmp/err" && ok || bad "bad DDBSIM_PLOTS_DIR: $(cat "$tmp/err")"
cp -r "$src/plots" "$tmp/myplots"
sed -i 's/: partition heat map/: MY heat map/' "$tmp/myplots/heatmap.gp"
DDBSIM_PLOTS_DIR="$tmp/myplots" "$bin" plot "$tmp/hk" --quiet 2>/dev/null && grep -q 'MY heat map' "$tmp/hk/heatmap.svg" &&
    ok || bad "DDBSIM_PLOTS_DIR was not used"

# The README's gallery: every image it shows exists, at most 200 KB.
imgs=$(grep -oE 'docs/gallery/[A-Za-z0-9_-]+\.png' "$src/README.md" | sort -u)
[ -n "$imgs" ] || bad "README.md shows no gallery image"
for img in $imgs; do
    if ! is_png "$src/$img"; then bad "$img: missing or not a PNG"
    elif [ "$(stat -c %s "$src/$img")" -gt 204800 ]; then bad "$img: larger than 200 KB"
    else ok; fi
done

echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
