// edit-test.js — the page's controls (web/page/edit.js) edit the scenario's JSON as they should, on
// the shipped presets. Run by tests/web_test.sh: node web/test/edit-test.js SOURCE_DIR
"use strict";
const fs = require("fs");
const path = require("path");
const assert = require("assert");
const E = require("../page/edit.js");
const src = process.argv[2] || path.join(__dirname, "../..");
const load = (name) => JSON.parse(fs.readFileSync(path.join(src, "scenarios", name + ".json"), "utf8"));

let s = load("hot-key");
assert.strictEqual(E.shards(s), 1);
E.setShards(s, 10);
assert.deepStrictEqual(s.table.key, load("write-sharding").table.key, "10 shards of hot-key is write-sharding's key");
assert.strictEqual(E.shards(s), 10);
E.setShards(s, 3);
assert.strictEqual(s.table.key.pk, "SENSOR#42#{shard:3}");
E.setShards(s, 1);
assert.strictEqual(s.table.key.pk, "SENSOR#42");
assert.strictEqual(E.skew(s), null, "a fixed key has no skew");
assert.strictEqual(E.rate(s), 2000);
E.setRate(s, 500);
assert.strictEqual(s.workload.rate.rps, 500);
assert.deepStrictEqual(E.capacity(s), { rcu: 100, wcu: 10000 });
E.setCapacity(s, "wcu", 20000);
assert.strictEqual(s.table.wcu, 20000);
assert.strictEqual(E.adaptive(s), true);
E.setAdaptive(s, false);
assert.strictEqual(s.table.adaptive_capacity, false);

s = load("burst"); // steps: scaled, shape kept
assert.strictEqual(E.rate(s), 900);
E.setRate(s, 450);
assert.deepStrictEqual(s.workload.rate.steps.map((x) => x.rps), [50, 450, 50, 450]);
assert.strictEqual(E.adaptive(s), false);
assert.strictEqual(E.skew(s), 0);
E.setSkew(s, 0.9);
assert.deepStrictEqual(s.attributes.user, { dist: "zipfian", n: 100000, theta: 0.9 });
E.setSkew(s, 0);
assert.deepStrictEqual(s.attributes.user, { dist: "uniform", n: 100000 });

s = load("on-demand-spike");
assert.strictEqual(E.capacity(s), null, "on-demand has no provisioned capacity");

s = load("bulletin-board"); // hotspot: the skew is the hot fraction
assert.strictEqual(E.skew(s), 0.5);
E.setSkew(s, 0.1);
assert.strictEqual(s.attributes.thread_id.hot_op_fraction, 0.1);
assert.strictEqual(s.attributes.thread_id.dist, "hotspot");
console.log("ok: the page's controls edit the scenario as they should");
