// run-json.js — run a scenario through the page's entry point under node: summary.json to stdout.
//   node web/run-json.js BUILD_DIR/ddbsim_wasm.js scenario.json
// The same call the page makes: the scenario's text in, summary.json's text (or {"error": ...})
// out, no file system; tests/wasm_test.sh compares its bytes with the native run's summary.json.
"use strict";
const fs = require("fs");
const path = require("path");
const [entry, scenario] = process.argv.slice(2);
if (!entry || !scenario) {
    process.stderr.write("usage: node run-json.js BUILD_DIR/ddbsim_wasm.js scenario.json\n");
    process.exit(2);
}
require(path.resolve(entry))().then((m) => {
    const text = fs.readFileSync(scenario, "utf8");
    const p = m.ccall("ddbsim_run_json", "number", ["string"], [text]);
    const out = m.UTF8ToString(p);
    m._ddbsim_free(p);
    process.stdout.write(out);
    process.exit(out.startsWith('{"error":') ? 1 : 0);
});
