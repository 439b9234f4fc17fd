#!/usr/bin/env bash
# A run folder is a unit: its default name cannot leave out/, its manifest says what it holds and
# only that is read back, a rerun removes what it does not write again, a folder with anyone
# else's files is refused (--force writes beside them), a second writer is refused, and nothing is
# ever half-written: a signal, a full disk or a read-only folder leave the earlier run as it was
# and no temporary file behind.
# usage: rundir_test.sh DDBSIM_BINARY SOURCE_DIR
set -u
bin=$1
src=$2
source "$(dirname "$0")/lib.sh"
qs="$src/scenarios/quickstart.json"
long=(--set duration_s=100000)   # a run that lasts until it is stopped

# Every file of a folder with its checksum, the lock file left out.
snapshot() { (cd "$1" && find . -path ./.ddbsim.lock -prune -o -type f -print0 | sort -z | xargs -0 -r md5sum); }
# Whether a staging folder (.ddbsim-tmp-*) or a temporary file (.NAME.xxxxxxxxxxxx) is in $1.
debris() { find "$1" -name '.ddbsim-tmp-*' -o -name '.*.[0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f]' | grep -q .; }
# Wait (up to 20 s) until a writer has staged into $1.
wait_staging() { for _ in $(seq 200); do ls -A "$1" 2>/dev/null | grep -q '^\.ddbsim-tmp-' && return 0; sleep 0.1; done; return 1; }

# Send signal $2 to $1 and reap it (SIGKILL after 10 s: the signal was ignored); sets rc.
stop() {
    kill -"$2" "$1"
    for _ in $(seq 100); do kill -0 "$1" 2>/dev/null || break; sleep 0.1; done
    kill -0 "$1" 2>/dev/null && { bad "SIG$2 did not stop pid $1"; kill -KILL "$1"; }
    wait "$1"; rc=$?
}

# ---- the default folder: under out/, whatever the name ----
mkdir -p "$tmp/w/a/b"
(cd "$tmp/w/a/b" && "$bin" run "$qs" --duration 2 --quiet --set 'name="../../x"') && ok || bad "run with a hostile name failed"
[ -e "$tmp/w/x" ] || [ -e "$tmp/w/a/x" ] && bad "name ../../x wrote outside out/" || ok
[ "$(ls "$tmp/w/a/b/out")" = "___.._x" ] && ok || bad "name ../../x: out/ holds $(ls -A "$tmp/w/a/b/out")"
(cd "$tmp/w/a/b" && "$bin" run "$qs" --duration 2 --quiet --set 'name=".hidden"' --set "seed=2") || bad "run named .hidden failed"
[ -d "$tmp/w/a/b/out/_hidden" ] && ok || bad "name .hidden: out/ holds $(ls -A "$tmp/w/a/b/out")"
(cd "$tmp/w/a/b" && "$bin" run "$qs" --duration 2 --quiet --set "name=\"a$(printf '\t')b\"") || bad "run named a<TAB>b failed"
[ -d "$tmp/w/a/b/out/a_b" ] && ok || bad "name a<TAB>b: out/ holds $(ls -A "$tmp/w/a/b/out")"

# ---- the manifest lists exactly what the run wrote ----
d="$tmp/gsi"
expect 0 "" -- "$bin" run "$src/scenarios/gsi-healthy.json" --duration 5 -o "$d" --quiet
listed=$(python3 -c 'import json,sys; print("\n".join(json.load(open(sys.argv[1]))["files"]))' "$d/manifest.json")
[ "$listed" = "$(ls "$d" | grep -v '^manifest.json$')" ] && ok || bad "manifest lists [$listed], the folder holds [$(ls "$d")]"
grep -q '"command":[[:space:]]*"run"' "$d/manifest.json" && grep -q '"seed":' "$d/manifest.json" &&
    grep -q '"ddbsim_version":' "$d/manifest.json" && ok || bad "manifest lacks command, seed or version"

# ---- a rerun without the GSI: no gsi.csv, no index keys, no GSI in explain ----
index_rows() { awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next } $c["index"] != "table"' "$1"; }
expect 0 "" -- "$bin" explain "$d"
grep -q 'GSI' "$tmp/out" && ok || bad "explain of a GSI run names no GSI"
grep -q 'its hottest key, CUSTOMER#' "$tmp/out" && ok || bad "explain of a GSI run names no index key: $(grep GSI "$tmp/out")"
[ -n "$(index_rows "$d/keys.csv")" ] && ok || bad "keys.csv of a GSI run has no index keys"
expect 0 "" -- "$bin" run "$src/scenarios/gsi-healthy.json" --duration 5 -o "$d" --quiet --set 'table.gsi=[]'
[ -e "$d/gsi.csv" ] && bad "gsi.csv of the earlier run survived the rerun" || ok
[ -z "$(index_rows "$d/keys.csv")" ] && ok || bad "keys.csv of the rerun without GSIs has index keys: $(index_rows "$d/keys.csv" | head -3)"
expect 0 "" -- "$bin" explain "$d"
grep -q 'GSI' "$tmp/out" && bad "explain names a GSI the rerun does not have: $(grep GSI "$tmp/out")" || ok
grep -q 'hottest key, CUSTOMER#' "$tmp/out" && bad "explain names an index key the rerun does not have" || ok
# A file no manifest lists is never read: a gsi.csv put back by hand changes nothing.
cp "$src/tests/fixtures/run-gsi-split/gsi.csv" "$d/"
expect 0 "" -- "$bin" explain "$d"
grep -q 'GSI' "$tmp/out" && bad "explain read a gsi.csv the manifest does not list" || ok
rm "$d/gsi.csv"

# ---- a folder without a manifest, or with anyone else's files ----
mkdir -p "$tmp/plain"
expect 1 "$tmp/plain: not a run folder \(no manifest.json" -- "$bin" explain "$tmp/plain"
expect 1 "$tmp/plain: not a run folder" -- "$bin" plot "$tmp/plain"
expect 1 "$tmp/plain: not a run folder" -- "$bin" cloudwatch "$tmp/plain"
echo "my notes" >"$d/notes.txt"
before=$(snapshot "$d")
expect 1 "^$d: holds notes.txt, which no ddbsim manifest lists: refusing to write there" -- "$bin" run "$qs" --duration 2 -o "$d" --quiet
[ "$(snapshot "$d")" = "$before" ] && ok || bad "a refused run changed the folder"
mkdir -p "$tmp/home" && echo x >"$tmp/home/mine.txt"
(cd "$tmp/home" && "$bin" run "$qs" --duration 2 -o . --quiet 2>/dev/null) && bad "-o . with a user's file was accepted"
[ "$(ls -A "$tmp/home")" = mine.txt ] && ok || bad "a refused -o . left: $(ls -A "$tmp/home")"
expect 1 "holds notes.txt" -- "$bin" sweep "$qs" --duration 2 --seeds 2 -o "$d" --quiet
expect 1 "holds notes.txt" -- "$bin" compare "$qs" "$qs" --duration 2 -o "$d"
expect 0 "" -- "$bin" run "$qs" --duration 2 -o "$d" --quiet --force
[ "$(cat "$d/notes.txt")" = "my notes" ] && ok || bad "--force touched the user's file"
grep -q notes.txt "$d/manifest.json" && bad "the manifest lists the user's file" || ok
[ -e "$d/gsi.csv" ] && bad "gsi.csv came back" || ok
# --force never replaces a file no manifest lists, even of a name the run writes.
mkdir -p "$tmp/mine" && echo '{"mine": true}' >"$tmp/mine/summary.json"
expect 1 "$tmp/mine/summary.json: exists and no ddbsim manifest lists it: not replaced" -- "$bin" run "$qs" --duration 2 -o "$tmp/mine" --quiet --force
[ "$(cat "$tmp/mine/summary.json")" = '{"mine": true}' ] && [ "$(ls -A "$tmp/mine")" = "$(printf '.ddbsim.lock\nsummary.json')" ] &&
    ok || bad "a refused --force run left: $(ls -A "$tmp/mine")"
# A manifest naming files outside its folder is refused, and nothing outside is removed.
mkdir -p "$tmp/evil" && echo victim >"$tmp/victim"
printf '{"files": ["../victim"]}\n' >"$tmp/evil/manifest.json"
expect 1 "$tmp/evil/manifest.json: files: expected relative paths" -- "$bin" run "$qs" --duration 2 -o "$tmp/evil" --quiet
[ "$(cat "$tmp/victim")" = victim ] && ok || bad "a hostile manifest removed a file outside its folder"

# ---- sweep and compare folders: runs/ replaced as a whole ----
expect 0 "" -- "$bin" sweep "$qs" --duration 2 --seeds 3 --keep-runs -o "$tmp/sw" --quiet
expect 0 "" -- "$bin" sweep "$qs" --duration 2 --seeds 2 --keep-runs -o "$tmp/sw" --quiet
[ -e "$tmp/sw/runs/3" ] && bad "runs/3 of the earlier sweep survived" || ok
expect 0 "" -- "$bin" explain "$tmp/sw/runs/2"
# runs/ replaced by a link to another folder: refused, forced or not; that folder untouched.
mkdir -p "$tmp/elsewhere" && echo mine >"$tmp/elsewhere/keep"
rm -rf "$tmp/sw/runs" && ln -s "$tmp/elsewhere" "$tmp/sw/runs"
expect 1 "$tmp/sw: holds runs, which no ddbsim manifest lists" -- "$bin" sweep "$qs" --duration 2 --seeds 2 --keep-runs -o "$tmp/sw" --quiet
expect 1 "$tmp/sw/runs/1/[a-z]+\.(csv|json): exists and no ddbsim manifest lists it" -- "$bin" sweep "$qs" --duration 2 --seeds 2 --keep-runs -o "$tmp/sw" --quiet --force
[ "$(ls -A "$tmp/elsewhere")" = keep ] && ok || bad "a sweep wrote through a runs link: $(ls -A "$tmp/elsewhere")"

# ---- a planted symlink is never followed ----
echo victim >"$tmp/victim2"
mkdir -p "$tmp/ln" && ln -s "$tmp/victim2" "$tmp/ln/.ddbsim.lock"
expect 1 "$tmp/ln/.ddbsim.lock: cannot lock" -- "$bin" run "$qs" --duration 2 -o "$tmp/ln" --quiet
ln -s "$tmp/victim2" "$tmp/trace.csv"
expect 0 "" -- "$bin" gen "$qs" --duration 1 -o "$tmp/trace.csv"
[ "$(cat "$tmp/victim2")" = victim ] && [ ! -L "$tmp/trace.csv" ] && ok || bad "gen wrote through a symlink"

# ---- a second writer is refused ----
expect 0 "" -- "$bin" run "$qs" --duration 2 -o "$tmp/busy" --quiet
"$bin" run "$qs" "${long[@]}" -o "$tmp/busy" --quiet 2>/dev/null &
pid=$!
if wait_staging "$tmp/busy"; then
    expect 1 "^$tmp/busy: another ddbsim is writing this folder" -- "$bin" run "$qs" --duration 2 -o "$tmp/busy" --quiet
    expect 1 "another ddbsim is writing" -- "$bin" plot "$tmp/busy"
else
    bad "the first writer never staged"
fi
stop "$pid" TERM
# An interrupted first run into a new folder leaves no folder.
"$bin" run "$qs" "${long[@]}" -o "$tmp/new" --quiet 2>/dev/null &
pid=$!
wait_staging "$tmp/new" || bad "the run never staged"
stop "$pid" TERM
[ -e "$tmp/new" ] && bad "an interrupted first run left its folder: $(ls -A "$tmp/new")" || ok

# ---- signals: the staging folder removed, the earlier run intact, 128 + the signal ----
expect 0 "" -- "$bin" run "$qs" --duration 3 -o "$tmp/sig" --quiet
before=$(snapshot "$tmp/sig")
for sig in INT TERM HUP; do
    "$bin" run "$qs" "${long[@]}" -o "$tmp/sig" --quiet 2>"$tmp/sigerr" &
    pid=$!
    wait_staging "$tmp/sig" || bad "SIG$sig: the run never staged"
    stop "$pid" "$sig"
    want=$((128 + $(kill -l "$sig")))
    [ "$rc" = "$want" ] && ok || bad "SIG$sig: exit $rc, expected $want"
    grep -q "^ddbsim run: interrupted by SIG$sig: nothing written, $tmp/sig as it was$" "$tmp/sigerr" &&
        [ "$(wc -l <"$tmp/sigerr")" = 1 ] && ok || bad "SIG$sig: message: $(cat "$tmp/sigerr")"
    debris "$tmp/sig" && bad "SIG$sig left: $(ls -A "$tmp/sig")" || ok
    [ "$(snapshot "$tmp/sig")" = "$before" ] && ok || bad "SIG$sig changed the earlier run"
done
mkdir -p "$tmp/gen"
"$bin" gen "$qs" "${long[@]}" -o "$tmp/gen/t.csv" 2>"$tmp/sigerr" &
pid=$!
sleep 1; stop "$pid" TERM
[ "$rc" = 143 ] && [ -z "$(ls -A "$tmp/gen")" ] && ok || bad "gen after SIGTERM: exit $rc, left $(ls -A "$tmp/gen")"
"$bin" sweep "$qs" "${long[@]}" --seeds 4 -j 2 --keep-runs -o "$tmp/swsig" --quiet 2>"$tmp/sigerr" &
pid=$!
wait_staging "$tmp/swsig" || bad "the sweep never staged"
stop "$pid" INT
[ "$rc" = 130 ] && [ ! -e "$tmp/swsig" ] && ok || bad "sweep after SIGINT: exit $rc, left $(ls -A "$tmp/swsig" 2>&1)"
"$bin" compare "$qs" "$qs" "${long[@]}" -o "$tmp/cmpsig" >/dev/null 2>"$tmp/sigerr" &
pid=$!
wait_staging "$tmp/cmpsig" || bad "compare never staged"
stop "$pid" HUP
[ "$rc" = 129 ] && [ ! -e "$tmp/cmpsig" ] && ok || bad "compare after SIGHUP: exit $rc, left $(ls -A "$tmp/cmpsig" 2>&1)"

"$bin" plan "$qs" --max-throttle-rate 0.01 "${long[@]}" -o "$tmp/plsig" --quiet 2>"$tmp/sigerr" &
pid=$!
wait_staging "$tmp/plsig" || bad "plan never staged"
stop "$pid" TERM
[ "$rc" = 143 ] && [ ! -e "$tmp/plsig" ] && ok || bad "plan after SIGTERM: exit $rc, left $(ls -A "$tmp/plsig" 2>&1)"
grep -q "^ddbsim plan: interrupted by SIGTERM: nothing written" "$tmp/sigerr" && ok || bad "plan's message: $(cat "$tmp/sigerr")"

# ---- a signal while gnuplot draws: no half-drawn image under a final name, the run intact ----
# A stand-in gnuplot writes half an image where it is told to, then takes its time.
mkdir -p "$tmp/fakebin"
cat >"$tmp/fakebin/gnuplot" <<'GP'
#!/bin/sh
out=${4:-$3/x.png}
printf 'half a PNG' >"$out"
sleep 3
GP
chmod +x "$tmp/fakebin/gnuplot"
expect 0 "" -- "$bin" run "$qs" --duration 3 -o "$tmp/plotsig" --quiet
before=$(snapshot "$tmp/plotsig")
PATH="$tmp/fakebin:$PATH" "$bin" plot "$tmp/plotsig" 2>"$tmp/sigerr" >/dev/null &
pid=$!
wait_staging "$tmp/plotsig" || bad "plot never started drawing"
stop "$pid" INT
[ "$rc" = 130 ] && ok || bad "plot after SIGINT: exit $rc ($(cat "$tmp/sigerr"))"
grep -q "^ddbsim plot: interrupted by SIGINT: plots not drawn; the run in $tmp/plotsig is intact$" "$tmp/sigerr" &&
    ok || bad "plot's message: $(cat "$tmp/sigerr")"
debris "$tmp/plotsig" && bad "an interrupted plot left: $(ls -A "$tmp/plotsig")" || ok
[ "$(snapshot "$tmp/plotsig" | grep -v ' ./manifest.json$')" = "$(echo "$before" | grep -v ' ./manifest.json$')" ] &&
    ok || bad "an interrupted plot changed the run's files: $(ls -A "$tmp/plotsig")"
expect 0 "" -- "$bin" run "$qs" --duration 3 -o "$tmp/plotsig" --quiet # no file a manifest does not list

# ---- write errors: a full disk, a read-only folder (root only: a tmpfs of 16 KB) ----
mnt="$tmp/mnt"
mkdir -p "$mnt"
if [ "$(id -u)" = 0 ] && mount -t tmpfs -o size=16k tmpfs "$mnt" 2>/dev/null; then
    expect 1 "^$mnt/full/[a-z]+\.(csv|json): cannot write \(No space left on device\)$" -- "$bin" run "$qs" --duration 60 -o "$mnt/full" --quiet
    [ -z "$(ls -A "$mnt")" ] && ok || bad "a full disk left: $(ls -A "$mnt" "$mnt"/* 2>&1)"
    expect 1 "^$mnt/t.csv: cannot write \(No space left on device\)$" -- "$bin" gen "$qs" --duration 60 -o "$mnt/t.csv"
    [ -z "$(ls -A "$mnt")" ] && ok || bad "gen on a full disk left: $(ls -A "$mnt")"
    mount -o remount,size=1m "$mnt"
    expect 0 "" -- "$bin" run "$qs" --duration 1 -o "$mnt/ro" --quiet
    before=$(snapshot "$mnt/ro")
    mount -o remount,ro "$mnt"
    expect 1 "Read-only file system" -- "$bin" run "$qs" --duration 1 -o "$mnt/ro" --quiet
    [ "$(snapshot "$mnt/ro")" = "$before" ] && ok || bad "a read-only folder changed"
    umount "$mnt"
else
    echo "skipped: full and read-only tmpfs (needs root and mount)"
fi

echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
