// Validates every Kubernetes object under k8s/ against the API schemas, offline: each YAML
// document is built into its kubernetes-models class (prometheus-operator's for ServiceMonitor and
// PrometheusRule) and validated, which catches missing required fields and wrong types. With
// kubectl on the PATH, the kustomize builds are validated as well, so the overlay's patches count.
// Unknown fields are the Java tests' part (src/test/java/io/coditect/deploy).
import { execFileSync } from "node:child_process";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { loadAll } from "js-yaml";

const repo = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const k8s = join(repo, "k8s");

// Overlay patches are partial objects: they are checked through the kustomize build instead.
const rawRoots = ["base", "reference", "prometheus-adapter"].map((dir) => join(k8s, dir));
const kustomizations = ["base", "overlays/example", "prometheus-adapter"].map((dir) => join(k8s, dir));

function yamlFiles(dir) {
  return readdirSync(dir)
    .map((name) => join(dir, name))
    .flatMap((path) => (statSync(path).isDirectory() ? yamlFiles(path) : [path]))
    .filter((path) => /\.ya?ml$/.test(path) && !/kustomization\.ya?ml$/.test(path))
    .sort();
}

function modulePath(apiVersion) {
  if (apiVersion.startsWith("monitoring.coreos.com/")) {
    return `@kubernetes-models/prometheus-operator/${apiVersion}`;
  }
  return `kubernetes-models/${apiVersion}`;
}

let passed = 0;
let failed = 0;

async function validate(source, doc) {
  const name = `${source}: ${doc?.kind ?? "?"} ${doc?.metadata?.name ?? "?"}`;
  try {
    if (!doc?.apiVersion || !doc?.kind) {
      throw new Error("no apiVersion or kind");
    }
    const models = await import(`${modulePath(doc.apiVersion)}/${doc.kind}`);
    const Model = models[doc.kind];
    if (!Model) {
      throw new Error(`no schema for ${doc.apiVersion} ${doc.kind}`);
    }
    new Model(doc).validate();
    passed++;
  } catch (error) {
    failed++;
    console.error(`FAIL ${name}\n  ${String(error.message ?? error).split("\n").join("\n  ")}`);
  }
}

for (const file of rawRoots.flatMap(yamlFiles)) {
  for (const doc of loadAll(readFileSync(file, "utf8"))) {
    if (doc != null) {
      await validate(relative(repo, file), doc);
    }
  }
}

let kubectl = true;
try {
  execFileSync("kubectl", ["version", "--client"], { stdio: "ignore" });
} catch {
  kubectl = false;
  console.log("kubectl is not on the PATH: the kustomize builds are not validated (the raw files are)");
}
if (kubectl) {
  for (const dir of kustomizations) {
    const source = `kubectl kustomize ${relative(repo, dir)}`;
    let rendered;
    try {
      rendered = execFileSync("kubectl", ["kustomize", dir], { encoding: "utf8" });
    } catch (error) {
      failed++;
      console.error(`FAIL ${source}\n  ${error.stderr ?? error.message}`);
      continue;
    }
    for (const doc of loadAll(rendered)) {
      if (doc != null) {
        await validate(source, doc);
      }
    }
  }
}

console.log(`manifests: ${passed} passed, ${failed} failed`);
process.exit(failed === 0 && passed > 0 ? 0 : 1);
