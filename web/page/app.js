// app.js — the playground page: presets, the JSON editor and the controls that edit it, the
// simulation in a Web Worker (engine.js holds its source: ddbsim_wasm.js + worker.js), and the
// charts and verdict of the latest run, with a stepper through its intervals.
// window.ddbsimPage exposes the page's state to tests (tests/web/web-test.js): runs, last run's
// wall time, throttle rate, heat map renders.
"use strict";
/* global DDBSIM_PRESETS, DDBSIM_WORKER_SOURCE, DdbEdit, DdbCharts */
(function () {
    const $ = (id) => document.getElementById(id);
    const page = (window.ddbsimPage = { runs: 0, errors: 0, runMs: null, throttleRate: null,
                                         heatmapRenders: 0, busy: false });
    // A worker from a Blob: a page opened from file:// may not start a worker from a file.
    const workerUrl = URL.createObjectURL(new Blob([DDBSIM_WORKER_SOURCE], { type: "text/javascript" }));
    let worker = null;
    let sent = 0, pending = null, running = false, startedMs = 0, result = null, cursor = -1, timer = null;

    // --- presets -----------------------------------------------------------------------------
    for (const p of DDBSIM_PRESETS) {
        const o = document.createElement("option");
        o.value = p.name;
        o.textContent = p.title;
        $("preset").appendChild(o);
    }
    function loadPreset(name) {
        const p = DDBSIM_PRESETS.find((x) => x.name === name) || DDBSIM_PRESETS[0];
        $("preset").value = p.name;
        $("lesson").textContent = p.lesson;
        $("editor").value = p.scenario;
        cursor = -1;
        syncControls();
        schedule(0);
    }
    $("preset").addEventListener("change", () => loadPreset($("preset").value));

    // --- controls <-> JSON ---------------------------------------------------------------------
    const parsed = () => {
        try {
            return JSON.parse($("editor").value);
        } catch (e) {
            return null;
        }
    };
    function show(id, value, disabledWhy) {
        const el = $(id);
        el.disabled = value === null || value === undefined;
        el.title = el.disabled ? disabledWhy : el.closest("label").title;
        if (el.type === "checkbox")
            el.checked = !!value;
        else if (!el.disabled)
            el.value = value;
    }
    function syncControls() {
        const s = parsed();
        const cap = s && DdbEdit.capacity(s);
        show("shards", s && DdbEdit.shards(s), "the scenario has no partition key template");
        show("rate", s && DdbEdit.rate(s), "this rate profile (a file, closed-loop callers) has no rate to scale");
        show("rcu", cap && cap.rcu, "an on-demand table has no provisioned capacity");
        show("wcu", cap && cap.wcu, "an on-demand table has no provisioned capacity");
        show("skew", s && DdbEdit.skew(s), "the partition key has no uniform, zipfian or hotspot attribute");
        $("skew-out").textContent = $("skew").disabled ? "" : $("skew").value;
        show("adaptive", s && s.table ? DdbEdit.adaptive(s) : null, "the scenario has no table");
    }
    function edit(change) {
        const s = parsed();
        if (!s)
            return;
        change(s);
        $("editor").value = JSON.stringify(s, null, 2);
        syncControls();
        schedule(150);
    }
    const num = (id) => Number($(id).value);
    $("shards").addEventListener("change", () => edit((s) => DdbEdit.setShards(s, Math.max(1, Math.round(num("shards"))))));
    $("rate").addEventListener("change", () => edit((s) => DdbEdit.setRate(s, num("rate"))));
    $("rcu").addEventListener("change", () => edit((s) => DdbEdit.setCapacity(s, "rcu", num("rcu"))));
    $("wcu").addEventListener("change", () => edit((s) => DdbEdit.setCapacity(s, "wcu", num("wcu"))));
    $("skew").addEventListener("input", () => { $("skew-out").textContent = $("skew").value; });
    $("skew").addEventListener("change", () => edit((s) => DdbEdit.setSkew(s, num("skew"))));
    $("adaptive").addEventListener("change", () => edit((s) => DdbEdit.setAdaptive(s, $("adaptive").checked)));
    $("editor").addEventListener("input", () => { syncControls(); schedule(600); });

    // --- running ---------------------------------------------------------------------------------
    let debounce = null;
    function schedule(ms) {
        clearTimeout(debounce);
        debounce = setTimeout(() => {
            pending = $("editor").value;
            pump();
        }, ms);
    }
    // One run at a time; while one runs, only the newest text waits. A run that has taken over a
    // second already (a long scenario typed in) is abandoned for the newer text: its worker is
    // stopped and a new one started.
    function pump() {
        if (pending === null)
            return;
        if (running && performance.now() - startedMs > 1000)
            startWorker();
        if (running)
            return;
        running = page.busy = true;
        startedMs = performance.now();
        $("status").textContent = "running…";
        worker.postMessage({ id: ++sent, scenario: pending });
        pending = null;
    }
    function startWorker() {
        if (worker)
            worker.terminate();
        worker = new Worker(workerUrl);
        worker.onmessage = done;
        worker.onerror = (e) => {
            $("error").textContent = "the simulation's worker failed: " + e.message;
            running = page.busy = false;
        };
        running = page.busy = false;
    }
    function done(e) {
        running = page.busy = false;
        const r = e.data;
        if (r.error) {
            page.errors++;
            $("error").textContent = r.error;
            $("status").textContent = "";
            $("right").classList.add("stale");
        } else {
            $("error").textContent = "";
            $("right").classList.remove("stale");
            show_result(r);
        }
        page.lastId = r.id;
        pump();
    }
    startWorker();

    // --- results -----------------------------------------------------------------------------------
    function csv(text) {
        const lines = text.trim().split("\n");
        const head = lines.shift().split(",");
        return lines.map((l) => {
            const f = l.split(","), o = {};
            head.forEach((h, i) => { o[h] = h === "index" ? f[i] : Number(f[i]); });
            return o;
        });
    }
    const pct = (x) => (x * 100).toFixed(x > 0 && x < 0.001 ? 3 : 1) + "%";
    function show_result(r) {
        const s = r.summary;
        result = {
            summary: s,
            series: csv(r.timeseries),
            parts: r.partitions ? csv(r.partitions) : [],
            interval: (s.scenario.output && s.scenario.output.interval_s) || 1,
        };
        result.times = [...new Set(result.series.map((x) => x.t_s))];
        const indexes = [...new Set(result.parts.map((x) => x.index))];
        const keep = $("index").value;
        $("index").innerHTML = "";
        for (const ix of indexes) {
            const o = document.createElement("option");
            o.value = o.textContent = ix;
            $("index").appendChild(o);
        }
        if (indexes.includes(keep))
            $("index").value = keep;
        $("index").style.display = indexes.length > 1 ? "" : "none";
        page.runs++;
        page.runMs = r.run_ms;
        if (page.firstResultMs === undefined)
            page.firstResultMs = performance.now(); // from the page's start: load, compile, run

        page.throttleRate = s.throttle_rate;
        page.durationS = s.duration_s;
        $("throttle-rate").textContent = pct(s.throttle_rate);
        $("throttle-rate").dataset.value = String(s.throttle_rate);
        $("verdict-kind").textContent = r.verdict.kind || "";
        $("headline").textContent = r.verdict.headline || r.verdict.error || "";
        $("findings").innerHTML = "";
        for (const f of r.verdict.findings || []) {
            const li = document.createElement("li");
            li.textContent = f;
            $("findings").appendChild(li);
        }
        $("advice").textContent = r.verdict.advice ? "What to do: " + r.verdict.advice : "";
        $("words").textContent = r.verdict.scenario || "";
        $("status").textContent = s.duration_s + " s simulated in " + Math.round(r.run_ms) +
            " ms (" + s.totals.logical_requests.toLocaleString("en") + " requests, " +
            s.table.partitions + " partitions)";
        $("time").max = String(Math.max(0, result.times.length - 1));
        cursor = Math.min(cursor, result.times.length - 1);
        $("time").value = String(Math.max(0, cursor));
        draw();
    }

    // timeseries.csv's throttle columns (throttles_by_cause), labelled with the AWS reason each is
    // reported as (sim/model/reasons.h; Table/Index and Read/Write left out: the panel mixes both
    // directions) and, where two causes share one AWS name, ddbsim's cause after it. GSI: a
    // base-table write refused because the index could not take it (back-pressure), reported as
    // IndexWrite... with the index's own cause.
    const REASONS = [
        ["throttles_provisioned", "ProvisionedThroughputExceeded", "#f0a500"],
        ["throttles_key_range", "KeyRangeThroughputExceeded (partition hard cap)", "#e0203a"],
        ["throttles_on_demand", "KeyRangeThroughputExceeded (on-demand growing)", "#8e44ad"],
        ["throttles_max_on_demand", "MaxOnDemandThroughputExceeded", "#5d4037"],
        ["throttles_account_limit", "AccountLimitExceeded", "#455a64"],
        ["throttles_gsi_backpressure", "IndexWriteProvisionedThroughputExceeded", "#1976d2"],
        ["throttles_gsi_backpressure_key_range", "IndexWriteKeyRangeThroughputExceeded", "#64b5f6"],
        ["throttles_gsi_backpressure_max_on_demand", "IndexWriteMaxOnDemandThroughputExceeded", "#00897b"],
        ["throttles_gsi_backpressure_account_limit", "IndexWriteAccountLimitExceeded", "#90a4ae"],
    ];
    function draw() {
        if (!result)
            return;
        const { summary: s, times, interval } = result;
        const table = result.series.filter((x) => x.index === "table");
        const at = (rows, f) => times.map((t) => { const r = rows.find((x) => x.t_s === t); return r ? r[f] : 0; });
        const ix = $("index").value || "table";
        const caps = { rcu: s.table.partition_max_rcu || 3000, wcu: s.table.partition_max_wcu || 1000 };
        DdbCharts.heatmap($("heatmap"), result.parts.filter((x) => x.index === ix), times, caps, interval, cursor);
        page.heatmapRenders++;
        $("heatmap").dataset.renders = String(page.heatmapRenders);
        const per_s = (v) => v.map((x) => x / interval);
        const series = [];
        const reads = table.some((x) => x.consumed_rcu > 0);
        const writes = table.some((x) => x.consumed_wcu > 0) || !reads;
        if (writes) {
            series.push({ label: "consumed WCU/s", color: "#1976d2", values: per_s(at(table, "consumed_wcu")) });
            if (s.table.billing !== "on_demand")
                series.push({ label: "provisioned WCU", color: "#1976d2", dash: true, values: at(table, "provisioned_wcu") });
        }
        if (reads) {
            series.push({ label: "consumed RCU/s", color: "#2e7d32", values: per_s(at(table, "consumed_rcu")) });
            if (s.table.billing !== "on_demand")
                series.push({ label: "provisioned RCU", color: "#2e7d32", dash: true, values: at(table, "provisioned_rcu") });
        }
        DdbCharts.lines($("capacity"), times, series, cursor, "units/s");
        const stacks = REASONS.map(([f, label, color]) => ({ label, color, values: per_s(at(table, f)) }))
            .filter((st) => st.values.some((v) => v > 0));
        DdbCharts.bars($("throttles"), times, stacks, cursor, "throttles/s");
        readout(table);
    }
    function readout(table) {
        if (cursor < 0) {
            $("time-readout").textContent = "whole run (step or play to see one interval)";
            return;
        }
        const t = result.times[cursor];
        const row = table.find((x) => x.t_s === t) || {};
        const parts = result.parts.filter((x) => x.t_s === t && x.index === "table");
        const thr = (row.read_throttles || 0) + (row.write_throttles || 0);
        const req = (row.read_requests || 0) + (row.write_requests || 0);
        let hot = "";
        if (parts.length) {
            const p = parts.reduce((a, b) => (a.consumed_rcu + a.consumed_wcu >= b.consumed_rcu + b.consumed_wcu ? a : b));
            hot = "; busiest partition #" + p.partition + " (" + Math.round((p.consumed_wcu + p.consumed_rcu) / result.interval) + " units/s)";
        }
        $("time-readout").textContent = "t = " + t + " s: " + req.toLocaleString("en") + " requests, " +
            thr.toLocaleString("en") + " throttled" + hot;
    }
    function step(to) {
        if (!result)
            return;
        cursor = Math.max(-1, Math.min(result.times.length - 1, to));
        $("time").value = String(Math.max(0, cursor));
        draw();
    }
    $("time").addEventListener("input", () => step(Number($("time").value)));
    $("prev").addEventListener("click", () => step(cursor - 1));
    $("next").addEventListener("click", () => step(cursor + 1));
    $("play").addEventListener("click", () => {
        if (timer) {
            clearInterval(timer);
            timer = null;
            $("play").textContent = "▶ play";
            return;
        }
        $("play").textContent = "❚❚ pause";
        if (result && cursor >= result.times.length - 1)
            cursor = -1;
        timer = setInterval(() => {
            if (!result || cursor >= result.times.length - 1) {
                $("play").click();
                return;
            }
            step(cursor + 1);
        }, 120);
    });
    $("index").addEventListener("change", draw);

    const hash = decodeURIComponent(location.hash.slice(1));
    loadPreset(DDBSIM_PRESETS.some((p) => p.name === hash) ? hash : DDBSIM_PRESETS[0].name);
})();
