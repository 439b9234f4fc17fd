// browser-test.js — the playground in a real browser: Debian's chromium, headless, driven by
// puppeteer-core (pinned in web/package.json). Run by tests/web_test.sh:
//   node web/test/browser-test.js WEB_DIR SHOTS_DIR
// Loads WEB_DIR/index.html from file://, runs the hot-key preset, changes the shard count, and
// checks that the verdict's throttle rate falls, that the heat map was drawn again and shows
// something else, that a bad scenario gets the CLI's one-line error, that the page asked for
// nothing over the network and logged no console error. Saves screenshots to SHOTS_DIR and logs
// each preset's run time (a 60 s preset should take under a second: logged, not asserted) and the
// page's total download (asserted: at most 3 MB). Last, the folder served by a plain static web
// server on 127.0.0.1: the same run, no request for anything the folder lacks.
"use strict";
const fs = require("fs");
const http = require("http");
const os = require("os");
const path = require("path");
const puppeteer = require("puppeteer-core");

const [webDir, shots] = process.argv.slice(2).map((p) => p && path.resolve(p));
const BUDGET_BYTES = 3 * 1024 * 1024;
const failures = [];
const check = (ok, what) => {
    console.log((ok ? "ok: " : "FAIL: ") + what);
    if (!ok)
        failures.push(what);
};

async function main() {
    fs.mkdirSync(shots, { recursive: true });
    let total = 0;
    for (const f of fs.readdirSync(webDir))
        total += fs.statSync(path.join(webDir, f)).size;
    check(total <= BUDGET_BYTES, "the page's total download is " + total + " bytes (" +
          (total / 1048576).toFixed(2) + " MB; budget 3 MB)");

    const profile = fs.mkdtempSync(path.join(os.tmpdir(), "ddbsim-chromium-"));
    const browser = await puppeteer.launch({
        executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
        headless: true,
        args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
               "--disable-background-networking", "--disable-component-update", "--disable-sync",
               "--user-data-dir=" + profile],
    });
    try {
        const page = await browser.newPage();
        await page.setViewport({ width: 1180, height: 860, deviceScaleFactor: 1 });
        const errors = [], network = [];
        page.on("console", (m) => { if (m.type() === "error") errors.push(m.text()); });
        page.on("pageerror", (e) => errors.push(String(e)));
        page.on("request", (r) => {
            if (!/^(file|data|blob):/.test(r.url()))
                network.push(r.url());
        });
        const url = "file://" + path.join(webDir, "index.html");
        const runs = () => page.evaluate(() => window.ddbsimPage.runs + window.ddbsimPage.errors);
        const settled = (n) => page.waitForFunction(
            (k) => window.ddbsimPage.runs + window.ddbsimPage.errors >= k && !window.ddbsimPage.busy,
            { timeout: 60000 }, n);
        const state = () => page.evaluate(() => ({
            ...window.ddbsimPage,
            rateText: document.getElementById("throttle-rate").textContent,
            headline: document.getElementById("headline").textContent,
            error: document.getElementById("error").textContent,
            heat: document.getElementById("heatmap").toDataURL(),
        }));

        await page.goto(url + "#hot-key");
        await settled(1);
        const hot = await state();
        console.log("hot-key: throttle rate " + hot.rateText + ", verdict: " + hot.headline);
        console.log("hot-key (60 s simulated): run took " + hot.runMs.toFixed(0) + " ms in the worker; " +
                    "first verdict " + hot.firstResultMs.toFixed(0) + " ms after the page started loading");
        check(hot.throttleRate > 0.3, "hot-key throttles (rate " + hot.throttleRate + ")");
        check(/^Hot key/.test(hot.headline), "hot-key's verdict names a hot key");
        await page.screenshot({ path: path.join(shots, "hot-key.png"), fullPage: true });

        // The shard count, as a class would change it: the control edits the JSON, the page reruns.
        let n = await runs();
        await page.$eval("#shards", (el) => { el.value = "10"; el.dispatchEvent(new Event("change")); });
        await settled(n + 1);
        const sharded = await state();
        console.log("hot-key with 10 shards: throttle rate " + sharded.rateText + ", verdict: " + sharded.headline);
        check(sharded.throttleRate < hot.throttleRate, "10 shards: the throttle rate fell (" +
              hot.throttleRate + " -> " + sharded.throttleRate + ")");
        check(sharded.heatmapRenders > hot.heatmapRenders, "the heat map was drawn again");
        check(sharded.heat !== hot.heat, "the heat map shows another picture");
        check((await page.$eval("#editor", (el) => el.value)).includes("SENSOR#42#{shard:10}"),
              "the editor shows the sharded key");
        await page.screenshot({ path: path.join(shots, "hot-key-10-shards.png"), fullPage: true });

        // Step through time: the readout names one interval.
        await page.click("#next");
        const readout = await page.$eval("#time-readout", (el) => el.textContent);
        check(/^t = 0 s: /.test(readout), "stepping shows the first interval (" + readout + ")");

        // A bad scenario: the CLI's one-line error, the last good run kept.
        n = await runs();
        await page.$eval("#editor", (el) => {
            el.value = '{"name": "bad", "duration_s": -1}';
            el.dispatchEvent(new Event("input"));
        });
        await settled(n + 1);
        const bad = await state();
        check(/^scenario\.json: .*duration_s/.test(bad.error) && !bad.error.includes("\n"),
              "a bad scenario shows one line: " + bad.error);

        // A scenario too long to wait for, then another change: the long run is abandoned.
        n = await runs();
        await page.$eval("#editor", (el) => {
            const s = JSON.parse(DDBSIM_PRESETS.find((p) => p.name === "hot-key").scenario);
            s.duration_s = 3000000;
            el.value = JSON.stringify(s);
            el.dispatchEvent(new Event("input"));
        });
        await page.waitForFunction(() => window.ddbsimPage.busy, { timeout: 5000 });
        await new Promise((r) => setTimeout(r, 1500));
        const t0 = Date.now();
        await page.select("#preset", "write-sharding");
        await settled(n + 1);
        const after = await state();
        check(after.durationS === 60 && !after.error, "a long run gives way to the next change (" +
              (Date.now() - t0) + " ms)");

        // Every preset once: its run time (logged) and a screenshot.
        const presets = await page.evaluate(() => DDBSIM_PRESETS.map((p) => p.name));
        for (const name of presets) {
            n = await runs();
            await page.select("#preset", name);
            await settled(n + 1);
            const s = await state();
            check(!s.error, name + " runs without an error" + (s.error ? ": " + s.error : ""));
            console.log("preset " + name + ": " + s.durationS + " s simulated in " + s.runMs.toFixed(0) +
                        " ms; throttle rate " + s.rateText + "; " + s.headline.slice(0, 90));
            await page.screenshot({ path: path.join(shots, "preset-" + name + ".png"), fullPage: true });
        }
        check(network.length === 0, "no network request (" + (network.join(", ") || "none") + ")");
        check(errors.length === 0, "no console error (" + (errors.join(" | ") || "none") + ")");

        // Any static host: the folder as files over HTTP, nothing else.
        const missing = [];
        const types = { ".html": "text/html", ".js": "text/javascript", ".css": "text/css" };
        const server = http.createServer((req, res) => {
            const file = path.join(webDir, path.normalize(decodeURIComponent(req.url.split(/[?#]/)[0])));
            if (!file.startsWith(webDir) || !fs.existsSync(file) || !fs.statSync(file).isFile()) {
                missing.push(req.url);
                res.writeHead(404).end();
                return;
            }
            res.writeHead(200, { "Content-Type": types[path.extname(file)] || "application/octet-stream" });
            res.end(fs.readFileSync(file));
        });
        await new Promise((r) => server.listen(0, "127.0.0.1", r));
        try {
            const hosted = await browser.newPage();
            const hostedErrors = [];
            hosted.on("console", (m) => { if (m.type() === "error") hostedErrors.push(m.text()); });
            hosted.on("pageerror", (e) => hostedErrors.push(String(e)));
            await hosted.goto("http://127.0.0.1:" + server.address().port + "/index.html#hot-key");
            await hosted.waitForFunction(() => window.ddbsimPage.runs >= 1 && !window.ddbsimPage.busy, { timeout: 60000 });
            const rate = await hosted.evaluate(() => window.ddbsimPage.throttleRate);
            check(rate === hot.throttleRate && !missing.length && !hostedErrors.length,
                  "served over HTTP: the same run, no missing file (" + (missing.join(", ") || "none") +
                  "), no console error (" + (hostedErrors.join(" | ") || "none") + ")");
        } finally {
            server.close();
        }
    } finally {
        await browser.close();
        fs.rmSync(profile, { recursive: true, force: true });
    }
}

main().then(() => {
    if (failures.length) {
        console.log(failures.length + " check(s) failed");
        process.exit(1);
    }
    console.log("OK: the playground works in headless chromium");
}, (e) => {
    console.log("FAIL: " + (e && e.stack ? e.stack : e));
    process.exit(1);
});
