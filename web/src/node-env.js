// node-env.js — prepended to the CLI's WebAssembly build (ddbsim.js under node, --pre-js): the
// host's environment becomes the program's, so that getenv sees DDBSIM_DATA_DIR (the data folder
// with the default price table), as the native binary does. emscripten's own environment is a
// fixed stand-in otherwise.
Module["preRun"] = (Module["preRun"] || []).concat(function () {
    Object.assign(ENV, process.env);
});
