// browser-test.js — the playground in a real browser: Debian's chromium, headless, driven by
// puppeteer-core (pinned in web/package.json). Run by tests/web_test.sh:
//   node web/test/browser-test.js WEB_DIR SHOTS_DIR
// Loads WEB_DIR/index.html from file://, runs the hot-key preset, changes the shard count, and
// checks that the verdict's throttle rate falls, that the heat map was drawn again and shows
// something else, that a bad scenario gets the CLI's one-line error, that the page asked for
// nothing over the network and logged no console error. Saves screenshots to SHOTS_DIR and logs
// each preset's run time (a 60 s preset should take under a second: logged, not asserted) and the
// page's total download (asserted: at most 3 MB).
"use strict";
const fs = require("fs");
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
        console.log("hot-key (60 s simulated): run took " + hot.runMs.toFixed(0) + " ms in the worker");
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
