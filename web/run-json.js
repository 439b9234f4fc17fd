// run-json.js — run a scenario through the page's entry point under node: summary.json to stdout.
//   node web/run-json.js BUILD_DIR/ddbsim_wasm.js scenario.json [OUTDIR [explain]]
// The same calls the page makes: the scenario's text in, summary.json's text (or {"error": ...})
// out. With OUTDIR, the run folder is written to the entry point's in-memory file system
// (ddbsim_run_dir) and copied from there to OUTDIR on disk; with `explain` too, the verdict the
// page shows (ddbsim_explain_json on that folder) is printed instead of summary.json.
// tests/wasm_test.sh compares the bytes with the native run's.
"use strict";
const fs = require("fs");
const path = require("path");
const [entry, scenario, outdir, mode] = process.argv.slice(2);
if (!entry || !scenario) {
    process.stderr.write("usage: node run-json.js BUILD_DIR/ddbsim_wasm.js scenario.json [OUTDIR [explain]]\n");
    process.exit(2);
}
require(path.resolve(entry))().then((m) => {
    const text = fs.readFileSync(scenario, "utf8");
    const p = outdir
        ? m.ccall("ddbsim_run_dir", "number", ["string", "string"], [text, "/run"])
        : m.ccall("ddbsim_run_json", "number", ["string"], [text]);
    let out = m.UTF8ToString(p);
    m._ddbsim_free(p);
    if (mode === "explain" && !out.startsWith('{"error":')) {
        const q = m.ccall("ddbsim_explain_json", "number", ["string"], ["/run"]);
        out = m.UTF8ToString(q) + "\n";
        m._ddbsim_free(q);
    }
    process.stdout.write(out);
    if (out.startsWith('{"error":'))
        process.exit(1);
    if (outdir) {
        fs.mkdirSync(outdir, { recursive: true });
        for (const name of m.FS.readdir("/run"))
            if (name !== "." && name !== "..")
                fs.writeFileSync(path.join(outdir, name), m.FS.readFile("/run/" + name));
    }
    process.exit(0);
});
