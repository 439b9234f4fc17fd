#!/usr/bin/env bash
# outputs_doc_test.sh — docs/outputs.md is what `ddbsim reference --outputs` prints from the output
# schema (sim/output/schema.h): it fails when the committed file is stale, saying how to regenerate it.
# usage: outputs_doc_test.sh DDBSIM_BINARY SOURCE_DIR
set -u
bin=$1
doc=$2/docs/outputs.md
tmp=$(mktemp)
trap 'rm -f "$tmp"' EXIT
if ! "$bin" reference --outputs >"$tmp"; then
    echo "FAIL: ddbsim reference --outputs exited non-zero"
    exit 1
fi
if ! diff -u "$doc" "$tmp" >"$tmp.diff" 2>&1; then
    head -40 "$tmp.diff"
    rm -f "$tmp.diff"
    echo "FAIL: docs/outputs.md is stale; regenerate it with: $bin reference --outputs > docs/outputs.md"
    exit 1
fi
rm -f "$tmp.diff"
echo "docs/outputs.md matches the schema"
