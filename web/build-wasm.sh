#!/bin/sh
# build-wasm.sh — ddbsim in WebAssembly: GSL, cJSON and zlib cross-compiled from Debian's source
# packages with emscripten, then the simulator (the CLI under node, and the page's entry point).
#
# usage: web/build-wasm.sh [BUILD_DIR]      (default: build-wasm in the source tree)
# Needs emscripten (apt-get install emscripten) and, the first time, `apt-get source`: the script
# adds a deb-src entry for the archive the machine already uses (root only) when none exists.
# The dependencies are built once into BUILD_DIR/deps/prefix and reused by later runs; delete that
# folder to rebuild them. Nothing downloaded here is ever committed (build-*/ is ignored).
# Exits 77 when emscripten is missing, so that callers can report a skip.
set -eu

here=$(cd "$(dirname "$0")/.." && pwd)
out=${1:-$here/build-wasm}
mkdir -p "$out"
out=$(cd "$out" && pwd)
deps=$out/deps
prefix=$deps/prefix
src=$deps/src
jobs=${DDBSIM_WASM_JOBS:-2}

for tool in emcc emconfigure emmake emcmake emar; do
    if ! command -v "$tool" >/dev/null 2>&1; then
        echo "build-wasm.sh: $tool not found (apt-get install emscripten)" >&2
        exit 77
    fi
done
# Debian's emscripten runs its JS tools with node and Debian's node modules (acorn): a node that
# is not Debian's own does not look in /usr/share/nodejs.
if [ -d /usr/share/nodejs ]; then
    export NODE_PATH=/usr/share/nodejs${NODE_PATH:+:$NODE_PATH}
fi
mkdir -p "$prefix/lib" "$prefix/include" "$src"
: >"$deps/build.log"
log() { printf 'build-wasm.sh: %s\n' "$*" >&2; }
# quiet CMD...: run CMD with its output in $deps/build.log, shown (its end) only if it fails.
quiet() {
    if ! "$@" >>"$deps/build.log" 2>&1; then
        tail -n 40 "$deps/build.log" >&2
        log "failed: $* (whole log: $deps/build.log)"
        exit 1
    fi
}

# A deb-src stanza for every deb stanza of the machine's own debian.sources, in a file of ours.
deb_src() {
    list=/etc/apt/sources.list.d/ddbsim-deb-src.sources
    if [ -e "$list" ] || grep -rqs '^\(Types:.*deb-src\|deb-src \)' /etc/apt/sources.list /etc/apt/sources.list.d/; then
        return 0
    fi
    main=/etc/apt/sources.list.d/debian.sources
    if [ ! -r "$main" ] || [ "$(id -u)" != 0 ]; then
        log "no deb-src entry for apt-get source, and cannot add one (needs root and $main)"
        exit 1
    fi
    log "adding $list"
    sed 's/^Types:.*/Types: deb-src/' "$main" >"$list"
    apt-get update -qq
}

# fetch PKG: the unpacked Debian source of PKG under $src, its folder on stdout.
fetch() {
    dir=$(find "$src" -maxdepth 1 -type d -name "$1-*" | head -n 1)
    if [ -z "$dir" ]; then
        deb_src
        # The newest version first; if its archive (a security update's, say) cannot serve it,
        # the release's own version.
        codename=$(. /etc/os-release && echo "${VERSION_CODENAME:-}")
        (cd "$src" && apt-get source -qq "$1" >/dev/null 2>&1) ||
            (cd "$src" && apt-get source -qq "$1/$codename" >/dev/null 2>&1) || {
            apt-get update -qq && (cd "$src" && apt-get source -qq "$1/$codename" >/dev/null)
        }
        dir=$(find "$src" -maxdepth 1 -type d -name "$1-*" | head -n 1)
    fi
    [ -n "$dir" ] || { log "apt-get source $1 gave no folder"; exit 1; }
    echo "$dir"
}

# GSL: only the folders ddbsim links (rng, randist and what they need), as one static libgsl.a.
if [ ! -f "$prefix/lib/libgsl.a" ]; then
    dir=$(fetch gsl)
    log "GSL from $dir"
    (
        cd "$dir"
        [ -f Makefile ] || quiet emconfigure ./configure --host=i686-pc-linux-gnu --disable-shared \
            --enable-static --prefix="$prefix" CFLAGS=-O2
        quiet emmake make -C gsl # the gsl/*.h links
        for d in sys err utils rng randist; do
            quiet emmake make -j"$jobs" -C "$d"
        done
        rm -f libgsl.a
        quiet emar rcs libgsl.a sys/*.o err/*.o utils/*.o rng/*.o randist/*.o
        mkdir -p "$prefix/include/gsl"
        cp -L gsl/*.h "$prefix/include/gsl/"
        cp libgsl.a "$prefix/lib/"
    )
fi

# cJSON with CMake, static, without its utils and tests.
if [ ! -f "$prefix/lib/libcjson.a" ]; then
    dir=$(fetch cjson)
    log "cJSON from $dir"
    quiet emcmake cmake -S "$dir" -B "$deps/cjson-build" -DCMAKE_BUILD_TYPE=Release \
        -DBUILD_SHARED_LIBS=OFF -DBUILD_SHARED_AND_STATIC_LIBS=OFF -DENABLE_CJSON_TEST=OFF \
        -DENABLE_CJSON_UTILS=OFF -DENABLE_CUSTOM_COMPILER_FLAGS=OFF -DCMAKE_INSTALL_PREFIX="$prefix"
    quiet cmake --build "$deps/cjson-build" -j"$jobs"
    quiet cmake --install "$deps/cjson-build"
fi

# zlib: its own configure script, static only.
if [ ! -f "$prefix/lib/libz.a" ]; then
    dir=$(fetch zlib)
    log "zlib from $dir"
    (
        cd "$dir"
        quiet emconfigure ./configure --static --prefix="$prefix"
        quiet emmake make -j"$jobs" libz.a
        quiet emmake make install
    )
fi

# ddbsim itself, no tests: the CLI for node (ddbsim.js + ddbsim.wasm) and the page's entry point
# (ddbsim_wasm.js, the wasm inside).
log "ddbsim into $out"
# pkg-config sees only the prefix's .pc files (cJSON's), never the host's (libyaml's, whose
# headers are not for wasm: --table-from then reads JSON only, as on a host without libyaml);
# exported, for the build's own re-configure when a CMakeLists.txt changes.
export PKG_CONFIG_LIBDIR="$prefix/lib/pkgconfig" EM_PKG_CONFIG_PATH="$prefix/lib/pkgconfig"
# FindGSL asks for a CBLAS: ddbsim calls none, libgsl.a stands in. Warnings are errors here too:
# wasm32's 32-bit size_t and long make a silent narrowing a -Wshorten-64-to-32 warning, the kind
# of place where a run could stop giving the native bytes.
quiet emcmake cmake -S "$here" -B "$out" -DCMAKE_BUILD_TYPE=Release -DBUILD_TESTING=OFF \
    -DDDBSIM_WERROR=ON \
    -DCMAKE_PREFIX_PATH="$prefix" -DCMAKE_FIND_ROOT_PATH="$prefix" -DGSL_ROOT_DIR="$prefix" \
    -DZLIB_ROOT="$prefix" -DGSL_CBLAS_LIBRARY="$prefix/lib/libgsl.a"
quiet cmake --build "$out" -j"$jobs" --target ddbsim ddbsim_wasm
ls -l "$out/ddbsim.js" "$out/ddbsim.wasm" "$out/ddbsim_wasm.js" >&2
