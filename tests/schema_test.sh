#!/usr/bin/env bash
# The scenario format's JSON Schema: docs/scenario.schema.json is what `ddbsim reference
# --json-schema` prints (stale-doc check); it is a valid draft 2020-12 schema; every shipped
# scenario passes it, and files with an unknown field, a wrong type or a number out of range fail
# it (as they fail `ddbsim validate`). The validator is Debian's python3-jsonschema.
# usage: schema_test.sh DDBSIM_BINARY SOURCE_DIR
set -u
bin=$1
src=$2
source "$(dirname "$0")/lib.sh"

"$bin" reference --json-schema >"$tmp/schema.json" || bad "ddbsim reference --json-schema failed"
if cmp -s "$tmp/schema.json" "$src/docs/scenario.schema.json"; then ok; else
    bad "docs/scenario.schema.json is stale; regenerate it: build/ddbsim reference --json-schema > docs/scenario.schema.json"
fi

py=/usr/bin/python3
if ! "$py" -c 'import jsonschema' 2>/dev/null; then
    echo "SKIPPED validation: no jsonschema for $py (apt-get install python3-jsonschema)"
    echo "schema: $passed passed, $failed failed"
    [ "$failed" = 0 ]; exit
fi
# validate SCHEMA FILE...: one line per file, "ok FILE" or "invalid FILE: PATH: MESSAGE".
validate() {
    "$py" - "$@" <<'PY'
import json, sys, jsonschema
schema = json.load(open(sys.argv[1]))
jsonschema.Draft202012Validator.check_schema(schema)
v = jsonschema.Draft202012Validator(schema)
for p in sys.argv[2:]:
    e = next(iter(v.iter_errors(json.load(open(p)))), None)
    print("ok " + p if e is None else "invalid %s: %s: %s" % (p, "/".join(map(str, e.absolute_path)), e.message[:200]))
PY
}

validate "$tmp/schema.json" "$src"/scenarios/*.json >"$tmp/shipped" || bad "the validator failed: $(tail -3 "$tmp/shipped")"
n=$(grep -c '^ok ' "$tmp/shipped")
[ "$n" -ge 10 ] && ok || bad "only $n shipped scenarios checked"
grep '^invalid' "$tmp/shipped" | while read -r line; do echo "FAIL: a shipped scenario fails the schema: $line"; done
grep -q '^invalid' "$tmp/shipped" && bad "shipped scenarios fail the schema" || ok

# Bad files: each fails the schema, and ddbsim validate.
base='"table": {"billing": "provisioned", "rcu": 100, "wcu": 100, "key": {"pk": "K{id}"}},
      "attributes": {"id": {"dist": "uniform", "n": 10}},
      "workload": {"rate": {"profile": "constant", "rps": 10}, "mix": {"get": 1}}'
echo "{$base}" >"$tmp/good.json"
echo "{$base, \"duraton_s\": 60}" >"$tmp/unknown.json"
echo "{$base, \"seed\": \"seven\"}" >"$tmp/type.json"
echo "{$base, \"duration_s\": -5}" >"$tmp/range.json"
sed 's/"n": 10}/"n": 10, "thetta": 0.5}/' "$tmp/good.json" >"$tmp/nested.json"
sed 's/"billing": "provisioned"/"billing": "reserved"/' "$tmp/good.json" >"$tmp/choice.json"
validate "$tmp/schema.json" "$tmp"/{good,unknown,type,range,nested,choice}.json >"$tmp/bad"
grep -qx "ok $tmp/good.json" "$tmp/bad" && ok || bad "a good scenario fails the schema: $(cat "$tmp/bad")"
expect 0 "" -- "$bin" validate "$tmp/good.json"
for f in unknown type range nested choice; do
    grep -q "^invalid $tmp/$f.json" "$tmp/bad" && ok || bad "$f.json passes the schema"
    expect 1 "" -- "$bin" validate "$tmp/$f.json"
done

echo "schema: $passed passed, $failed failed"
[ "$failed" = 0 ]
