// node --test: our own minimal schemas (schemas/) accept what we ship and refuse misspelt or
// mistyped fields.
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { test } from "node:test";
import { fileURLToPath } from "node:url";
import Ajv from "ajv";
import { load } from "js-yaml";

const here = dirname(fileURLToPath(import.meta.url));
const components = join(here, "..", "..", "k8s", "components");
const ajv = new Ajv({ allErrors: true, strict: true, allowUnionTypes: true, strictRequired: false });
for (const file of readdirSync(join(here, "schemas"))) {
  ajv.addSchema(JSON.parse(readFileSync(join(here, "schemas", file), "utf8")));
}
const shipped = (path) => load(readFileSync(join(components, path), "utf8"));
const valid = (schema, doc) => ajv.getSchema(schema)(doc);

test("the shipped custom resources pass", () => {
  assert.ok(valid("foundationdbcluster.json", shipped("foundationdb/foundationdbcluster.yaml")));
  assert.ok(valid("podmonitoring.json", shipped("managed-prometheus/podmonitoring.yaml")));
  assert.ok(valid("rules.json", shipped("managed-prometheus/rules.yaml")));
});

test("a misspelt field is refused", () => {
  const cluster = shipped("foundationdb/foundationdbcluster.yaml");
  cluster.spec.databaseConfiguration.redundancyMode = "double";
  assert.equal(valid("foundationdbcluster.json", cluster), false);
  const monitoring = shipped("managed-prometheus/podmonitoring.yaml");
  monitoring.spec.endpoints[0].scrapeInterval = "15s";
  assert.equal(valid("podmonitoring.json", monitoring), false);
});

test("a wrong value or type is refused", () => {
  const cluster = shipped("foundationdb/foundationdbcluster.yaml");
  cluster.spec.databaseConfiguration.redundancy_mode = "quadruple";
  assert.equal(valid("foundationdbcluster.json", cluster), false);
  const counts = shipped("foundationdb/foundationdbcluster.yaml");
  counts.spec.processCounts.storage = "3";
  assert.equal(valid("foundationdbcluster.json", counts), false);
  const rules = shipped("managed-prometheus/rules.yaml");
  delete rules.spec.groups[0].interval;
  assert.equal(valid("rules.json", rules), false);
});
