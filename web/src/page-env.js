// page-env.js — prepended to the page's entry point (ddbsim_wasm.js, --pre-js): its data folder is
// /ddbsim in the in-memory file system, where the build embeds the default price table
// (scenarios/prices/us-east-1.json), so that a run in the browser prices itself as the CLI does.
Module["preRun"] = (Module["preRun"] || []).concat(function () {
    ENV["DDBSIM_DATA_DIR"] = "/ddbsim";
});
