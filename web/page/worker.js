// worker.js — the simulation's Web Worker: runs a scenario with ddbsim's WebAssembly entry point
// (ddbsim_wasm.js, concatenated before this file by web/build-web.sh) and posts back what the page
// draws. Message in: {id, scenario} (the scenario's JSON text). Message out: {id, error} with the
// CLI's one-line message, or {id, summary, timeseries, partitions, verdict, run_ms}: summary.json
// parsed, the two CSV files as text, `ddbsim explain`'s words, and the run's wall time.
"use strict";
/* global createDdbsim */
let ready = createDdbsim();
let runs = 0;

function removeTree(m, dir) {
    for (const name of m.FS.readdir(dir)) {
        if (name === "." || name === "..")
            continue;
        const path = dir + "/" + name;
        if (m.FS.isDir(m.FS.stat(path).mode))
            removeTree(m, path);
        else
            m.FS.unlink(path);
    }
    m.FS.rmdir(dir);
}

function call(m, fn, args) {
    const p = m.ccall(fn, "number", args.map(() => "string"), args);
    const text = m.UTF8ToString(p);
    m._ddbsim_free(p);
    return JSON.parse(text);
}

self.onmessage = async (e) => {
    const { id, scenario } = e.data;
    const m = await ready;
    // A fresh folder each run: the simulator refuses to write over a folder it did not make.
    const dir = "/run" + ++runs;
    const t0 = performance.now();
    let out;
    try {
        const summary = call(m, "ddbsim_run_dir", [scenario, dir]);
        const run_ms = performance.now() - t0;
        if (summary.error) {
            out = { id, error: summary.error };
        } else {
            const verdict = call(m, "ddbsim_explain_json", [dir]);
            const read = (name) => {
                try {
                    return m.FS.readFile(dir + "/" + name, { encoding: "utf8" });
                } catch (err) {
                    return "";
                }
            };
            out = { id, summary, verdict, run_ms, timeseries: read("timeseries.csv"),
                    partitions: read("partitions.csv") };
        }
    } catch (err) {
        // A trap (an abort, out of memory) leaves the module unusable: the next run gets a new one.
        out = { id, error: "the simulation stopped: " + err };
        ready = createDdbsim();
    }
    try {
        if (m.FS.analyzePath(dir).exists)
            removeTree(m, dir);
    } catch (err) {
        /* a folder left behind costs memory only */
    }
    self.postMessage(out);
};
