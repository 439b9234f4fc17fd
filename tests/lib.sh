# lib.sh — what the shell tests share: a temporary folder removed at exit, pass/fail counters, and
# expect STATUS STDERR_PATTERN -- command...: the exit status, stderr matching the pattern, and for
# status 1 (bad input) an error of exactly one line — or for any expected message, when the script
# sets strict_one_line=1 before sourcing. Sourced after setting bin and src.
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
passed=0
failed=0

ok() { passed=$((passed + 1)); }
bad() { failed=$((failed + 1)); echo "FAIL: $*"; }

expect() {
    local want=$1 pattern=$2
    shift 3
    "$@" >"$tmp/out" 2>"$tmp/err"
    local got=$?
    if [ "$got" != "$want" ]; then bad "$* exited $got, expected $want; stderr: $(head -c 300 "$tmp/err")"; return; fi
    if [ -n "$pattern" ] && ! grep -qE -- "$pattern" "$tmp/err"; then bad "$*: stderr does not match /$pattern/: $(head -c 300 "$tmp/err")"; return; fi
    if { [ "$want" = 1 ] || { [ "${strict_one_line:-0}" = 1 ] && [ -n "$pattern" ]; }; } &&
        [ "$(wc -l <"$tmp/err")" != 1 ]; then bad "$*: error is not one line: $(cat "$tmp/err")"; return; fi
    ok
}
