// charts.js — the playground's three canvases: the partition heat map (partition x time), consumed
// vs provisioned capacity, and throttles by reason, each with the time cursor of the stepper.
// Plain canvas 2D; every function takes the canvas and the run's rows (app.js parses the CSVs).
"use strict";
(function (api) {
    const PAD = { l: 56, r: 150, t: 8, b: 24 };

    function setup(canvas) {
        // The size in CSS pixels is the one index.html gives; the bitmap follows the screen's density.
        const ratio = window.devicePixelRatio || 1;
        if (!canvas._size)
            canvas._size = [canvas.width, canvas.height];
        const [w, h] = canvas._size;
        canvas.style.width = w + "px";
        canvas.style.height = h + "px";
        canvas.width = Math.round(w * ratio);
        canvas.height = Math.round(h * ratio);
        const g = canvas.getContext("2d");
        g.setTransform(ratio, 0, 0, ratio, 0, 0);
        g.clearRect(0, 0, w, h);
        g.font = "11px system-ui, sans-serif";
        return { g, w, h, pw: w - PAD.l - PAD.r, ph: h - PAD.t - PAD.b };
    }
    const fmt = (x) => (x >= 10000 ? Math.round(x / 1000) + "k" : x >= 100 ? String(Math.round(x)) :
                        String(Math.round(x * 10) / 10));

    function timeAxis(c, times, cursor) {
        const { g, pw, ph } = c;
        const n = times.length;
        g.fillStyle = "#5b6472";
        g.textAlign = "center";
        const every = Math.max(1, Math.ceil(n / 8));
        for (let i = 0; i < n; i += every)
            g.fillText(times[i] + " s", PAD.l + (i + 0.5) * pw / n, PAD.t + ph + 14);
        if (cursor >= 0 && cursor < n) {
            g.strokeStyle = "#111";
            g.lineWidth = 1.5;
            const x = PAD.l + (cursor + 0.5) * pw / n;
            g.beginPath();
            g.moveTo(x, PAD.t);
            g.lineTo(x, PAD.t + ph);
            g.stroke();
        }
    }
    // Grid lines and labels from 0 to top, the unit written up the left side.
    function yAxis(c, top, unit) {
        const { g, pw, ph } = c;
        g.strokeStyle = "#e3e7ee";
        g.fillStyle = "#5b6472";
        g.textAlign = "right";
        for (let k = 0; k <= 4; k++) {
            const y = PAD.t + ph - (k / 4) * ph;
            g.beginPath();
            g.moveTo(PAD.l, y);
            g.lineTo(PAD.l + pw, y);
            g.stroke();
            g.fillText(fmt((top * k) / 4), PAD.l - 4, y + 4);
        }
        g.save();
        g.translate(12, PAD.t + ph / 2);
        g.rotate(-Math.PI / 2);
        g.textAlign = "center";
        g.fillText(unit, 0, 0);
        g.restore();
    }
    // A label wider than the margin is wrapped before its capitals and spaces (AWS's reason names
    // are long CamelCase words: "IndexWrite" / "KeyRangeThroughput" / "Exceeded").
    function wrap(g, label, width) {
        const words = label.split(/(?=[A-Z(])|(?<= )/);
        const lines = [""];
        for (const w of words) {
            const last = lines[lines.length - 1];
            if (last && g.measureText(last + w).width > width)
                lines.push(w.trimStart());
            else
                lines[lines.length - 1] = last + w;
        }
        return lines;
    }
    function legend(c, items) {
        const { g } = c;
        g.textAlign = "left";
        let y = PAD.t + 8;
        items.forEach((it) => {
            g.fillStyle = it.color;
            g.fillRect(c.w - PAD.r + 10, y - 7, 10, 10);
            g.fillStyle = "#1d2330";
            for (const line of wrap(g, it.label, PAD.r - 28)) {
                g.fillText(line, c.w - PAD.r + 24, y + 2);
                y += 13;
            }
            y += 3;
        });
    }
    // 0 → dark blue, 0.5 → teal, 1 (the hard cap) and above → yellow.
    function heat(u) {
        const x = Math.max(0, Math.min(1, u));
        const stops = [[20, 30, 80], [30, 140, 140], [250, 220, 40]];
        const [a, b, k] = x < 0.5 ? [stops[0], stops[1], x * 2] : [stops[1], stops[2], (x - 0.5) * 2];
        const mix = (i) => Math.round(a[i] + (b[i] - a[i]) * k);
        return "rgb(" + mix(0) + "," + mix(1) + "," + mix(2) + ")";
    }

    // rows: partitions.csv rows of one index; caps {rcu, wcu}: a partition's hard caps per second;
    // interval_s: the rows' interval. Returns the grid drawn (for the stepper's readout).
    api.heatmap = (canvas, rows, times, caps, interval_s, cursor) => {
        const c = setup(canvas);
        const { g, pw, ph } = c;
        const nParts = rows.reduce((m, r) => Math.max(m, r.partition + 1), 0);
        const col = new Map(times.map((t, i) => [t, i]));
        const n = times.length;
        const cw = pw / Math.max(1, n), rh = ph / Math.max(1, nParts);
        for (const r of rows) {
            const i = col.get(r.t_s);
            if (i === undefined)
                continue;
            const u = Math.max(r.consumed_rcu / interval_s / caps.rcu, r.consumed_wcu / interval_s / caps.wcu);
            const x = PAD.l + i * cw, y = PAD.t + r.partition * rh;
            g.fillStyle = heat(u);
            g.fillRect(x, y, Math.ceil(cw), Math.ceil(rh));
            if (r.read_throttles + r.write_throttles > 0) {
                g.fillStyle = "#e0203a";
                const s = Math.max(2, Math.min(cw, rh) * 0.35);
                g.fillRect(x + cw / 2 - s / 2, y + rh / 2 - s / 2, s, s);
            }
        }
        g.fillStyle = "#5b6472";
        g.textAlign = "right";
        const every = Math.max(1, Math.ceil(nParts / 12));
        for (let p = 0; p < nParts; p += every)
            g.fillText("#" + p, PAD.l - 4, PAD.t + (p + 0.5) * rh + 4);
        timeAxis(c, times, cursor);
        legend(c, [{ color: heat(0), label: "idle" }, { color: heat(0.5), label: "50% of hard cap" },
                   { color: heat(1), label: "at or over hard cap" }, { color: "#e0203a", label: "throttled" }]);
        return nParts;
    };

    // series: [{label, color, values, dash}] over times; lines on a shared y axis from 0.
    api.lines = (canvas, times, series, cursor, unit) => {
        const c = setup(canvas);
        const { g, pw, ph } = c;
        const n = times.length;
        const top = Math.max(1, ...series.flatMap((s) => s.values)) * 1.1;
        yAxis(c, top, unit);
        for (const s of series) {
            g.strokeStyle = s.color;
            g.lineWidth = 1.8;
            g.setLineDash(s.dash ? [5, 4] : []);
            g.beginPath();
            s.values.forEach((v, i) => {
                const x = PAD.l + (i + 0.5) * pw / n, y = PAD.t + ph - (v / top) * ph;
                if (i === 0)
                    g.moveTo(x, y);
                else
                    g.lineTo(x, y);
            });
            g.stroke();
        }
        g.setLineDash([]);
        timeAxis(c, times, cursor);
        legend(c, series);
    };

    // stacks: [{label, color, values}] stacked bars over times.
    api.bars = (canvas, times, stacks, cursor, unit) => {
        const c = setup(canvas);
        const { g, pw, ph } = c;
        const n = times.length;
        const totals = times.map((_, i) => stacks.reduce((a, s) => a + s.values[i], 0));
        const top = Math.max(1, ...totals) * 1.1;
        yAxis(c, top, unit);
        const bw = pw / Math.max(1, n);
        times.forEach((_, i) => {
            let y = PAD.t + ph;
            for (const s of stacks) {
                const h = (s.values[i] / top) * ph;
                g.fillStyle = s.color;
                g.fillRect(PAD.l + i * bw + bw * 0.1, y - h, Math.max(1, bw * 0.8), h);
                y -= h;
            }
        });
        if (!stacks.length) {
            g.fillStyle = "#2e7d32";
            g.textAlign = "center";
            g.fillText("no throttles", PAD.l + pw / 2, PAD.t + ph / 2);
        }
        timeAxis(c, times, cursor);
        legend(c, stacks);
    };
})((self.DdbCharts = {}));
