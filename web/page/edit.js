// edit.js — the page's controls as edits of the scenario's JSON: each reads its value from a
// scenario object and writes a new value into it, so that the editor always shows what runs.
// Plain functions over the parsed scenario (no page, no DOM): web/page/app.js calls them, and
// tests/web_test.sh checks them under node (web/test/edit-test.js) before the browser test.
"use strict";
(function (api) {
    const SHARD = /#?\{shard:(\d+)\}/;
    const rateFields = { constant: ["rps"], ramp: ["from_rps", "to_rps"],
                         diurnal: ["mean_rps", "amplitude_rps"], spike: ["base_rps", "peak_rps"] };

    // Shards of the partition key: N of "...#{shard:N}" (write sharding), 1 without one.
    api.shards = (s) => {
        const pk = s.table && s.table.key && s.table.key.pk;
        if (typeof pk !== "string")
            return null;
        const m = pk.match(SHARD);
        return m ? Number(m[1]) : 1;
    };
    // n > 1 suffixes the key with #{shard:n} (or changes the N already there); 1 removes it.
    api.setShards = (s, n) => {
        const pk = s.table.key.pk.replace(SHARD, "");
        s.table.key.pk = n > 1 ? pk + "#{shard:" + n + "}" : pk;
    };

    // The request rate's peak (requests/s) over the rate profile, null when the profile has none
    // the page can scale (a csv or cloudwatch file, closed-loop callers).
    const rateValues = (r) => {
        if (!r)
            return null;
        const profile = r.profile || "constant";
        if (profile === "steps")
            return Array.isArray(r.steps) ? r.steps.map((st) => st.rps) : null;
        const fields = rateFields[profile];
        return fields ? fields.map((f) => r[f]) : null;
    };
    api.rate = (s) => {
        const v = rateValues(s.workload && s.workload.rate);
        return v && v.every((x) => typeof x === "number") ? Math.max(...v) : null;
    };
    // Scales the whole profile so that its peak becomes rps (its shape is kept).
    api.setRate = (s, rps) => {
        const r = s.workload.rate;
        const old = api.rate(s);
        const k = old > 0 ? rps / old : 0;
        const scale = (x) => (old > 0 ? Math.round(x * k * 100) / 100 : rps);
        if ((r.profile || "constant") === "steps")
            r.steps.forEach((st) => { st.rps = scale(st.rps); });
        else
            rateFields[r.profile || "constant"].forEach((f) => { r[f] = scale(r[f]); });
    };

    // Provisioned capacity {rcu, wcu}; null for an on-demand table.
    api.capacity = (s) => {
        const t = s.table || {};
        if (t.billing === "on_demand")
            return null;
        return { rcu: t.rcu, wcu: t.wcu };
    };
    api.setCapacity = (s, which, units) => {
        s.table[which] = units;
    };

    // Key skew of the partition key's first attribute, 0 (every value as likely) to 0.99:
    // uniform is 0, zipfian its theta, hotspot its hot_op_fraction. null when the key has no such
    // attribute (a fixed key, labels, the clock).
    const keyAttribute = (s) => {
        const pk = s.table && s.table.key && s.table.key.pk;
        if (typeof pk !== "string" || !s.attributes)
            return null;
        for (const m of pk.matchAll(/\{([A-Za-z_][A-Za-z0-9_]*)\}/g)) {
            const a = s.attributes[m[1]];
            if (a && ["uniform", "zipfian", "hotspot"].includes(a.dist))
                return a;
        }
        return null;
    };
    api.skew = (s) => {
        const a = keyAttribute(s);
        if (!a)
            return null;
        if (a.dist === "uniform")
            return 0;
        if (a.dist === "zipfian")
            return a.theta === undefined ? 0.99 : a.theta;
        return a.hot_op_fraction === undefined ? 0.8 : a.hot_op_fraction;
    };
    // A zipfian or uniform attribute becomes uniform at 0 and zipfian with theta = skew above; a
    // hotspot attribute keeps its hot values and sends that fraction of the draws to them.
    api.setSkew = (s, skew) => {
        const a = keyAttribute(s);
        if (a.dist === "hotspot") {
            a.hot_op_fraction = skew;
        } else if (skew <= 0) {
            a.dist = "uniform";
            delete a.theta;
        } else {
            a.dist = "zipfian";
            a.theta = Math.min(skew, 0.99);
        }
    };

    // Adaptive capacity (on unless the scenario turns it off).
    api.adaptive = (s) => !(s.table && s.table.adaptive_capacity === false);
    api.setAdaptive = (s, on) => {
        s.table.adaptive_capacity = on;
    };
})(typeof module !== "undefined" ? module.exports : (self.DdbEdit = {}));
