// Validates every Kubernetes object we ship, offline, as kustomize renders it: the base, the
// example overlay, the Prometheus adapter rule and the base with each component under
// k8s/components, plus the reference workspace StatefulSet (k8s/reference, never applied).
// - Schemas: each object is built into its kubernetes-models class (Kubernetes 1.27; the
//   prometheus-operator, Gateway API and GKE packages for their kinds) and validated, which
//   catches missing required fields and wrong types. The kinds no package covers (Google Managed
//   Prometheus's PodMonitoring and Rules, the FoundationDB operator's FoundationDBCluster) are
//   checked against our own minimal JSON schemas in schemas/, which also refuse unknown fields.
// - Pod security: every pod template passes the "restricted" Pod Security Standard.
// - One image setting: wherever the gateway Deployment and its ConfigMap are rendered together,
//   the workspaces' agent image is the gateway container's image.
// Unknown fields of the built-in kinds are the Java tests' part (src/test/java/io/coditect/deploy).
import { execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import Ajv from "ajv";
import { loadAll } from "js-yaml";
import { podSpecsOf, restrictedViolations } from "./psa-restricted.mjs";

const checks = dirname(fileURLToPath(import.meta.url));
const repo = join(checks, "..", "..");
const k8s = join(repo, "k8s");

const ajv = new Ajv({ allErrors: true, strict: true, allowUnionTypes: true, strictRequired: false });
for (const file of readdirSync(join(checks, "schemas"))) {
  ajv.addSchema(JSON.parse(readFileSync(join(checks, "schemas", file), "utf8")));
}
const OWN_SCHEMAS = {
  "monitoring.googleapis.com/v1/PodMonitoring": "podmonitoring.json",
  "monitoring.googleapis.com/v1/Rules": "rules.json",
  "apps.foundationdb.org/v1beta2/FoundationDBCluster": "foundationdbcluster.json",
};

function modulePath(apiVersion) {
  const group = apiVersion.includes("/") ? apiVersion.split("/")[0] : "";
  if (group === "monitoring.coreos.com") return `@kubernetes-models/prometheus-operator/${apiVersion}`;
  if (group === "gateway.networking.k8s.io") return `@kubernetes-models/gateway-api/${apiVersion}`;
  if (group === "networking.gke.io" || group === "cloud.google.com") return `@kubernetes-models/gke/${apiVersion}`;
  return `kubernetes-models/${apiVersion}`;
}

let passed = 0;
let failed = 0;
const report = (ok, name, detail) => {
  if (ok) {
    passed++;
  } else {
    failed++;
    console.error(`FAIL ${name}\n  ${String(detail).split("\n").join("\n  ")}`);
  }
};

async function validateSchema(name, doc) {
  try {
    if (!doc?.apiVersion || !doc?.kind) throw new Error("no apiVersion or kind");
    const own = OWN_SCHEMAS[`${doc.apiVersion}/${doc.kind}`];
    if (own) {
      const validate = ajv.getSchema(own);
      if (!validate(doc)) throw new Error(ajv.errorsText(validate.errors, { separator: "\n" }));
    } else {
      const models = await import(`${modulePath(doc.apiVersion)}/${doc.kind}`);
      const Model = models[doc.kind];
      if (!Model) throw new Error(`no schema for ${doc.apiVersion} ${doc.kind}`);
      new Model(doc).validate();
    }
    report(true);
  } catch (error) {
    report(false, `${name}: schema`, error.message ?? error);
  }
}

function checkPodSecurity(name, doc) {
  for (const [path, spec] of podSpecsOf(doc)) {
    const violations = restrictedViolations(spec);
    report(violations.length === 0, `${name}: ${path} under Pod Security "restricted"`, violations.join("\n"));
  }
}

function checkOneImageSetting(source, docs) {
  const deployment = docs.find((d) => d.kind === "Deployment" && d.metadata.name === "coditect-gateway");
  const config = docs.find((d) => d.kind === "ConfigMap" && d.metadata.name === "coditect-gateway");
  if (!deployment || !config) return;
  const image = deployment.spec.template.spec.containers.find((c) => c.name === "gateway").image;
  const agentImage = config.data.CODITECT_KUBERNETES_WORKSPACE_IMAGE;
  report(agentImage === image, `${source}: agent image`,
    `CODITECT_KUBERNETES_WORKSPACE_IMAGE is ${agentImage}, the gateway runs ${image}`);
}

async function validateAll(source, text) {
  const docs = loadAll(text).filter((doc) => doc != null);
  report(docs.length > 0, source, "no objects");
  for (const doc of docs) {
    const name = `${source}: ${doc?.kind ?? "?"} ${doc?.metadata?.name ?? "?"}`;
    await validateSchema(name, doc);
    checkPodSecurity(name, doc);
  }
  checkOneImageSetting(source, docs);
}

function kustomize(dir) {
  return execFileSync("kubectl", ["kustomize", dir], { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
}

// The reference manifests are plain files.
for (const name of readdirSync(join(k8s, "reference")).filter((n) => /\.ya?ml$/.test(n)).sort()) {
  const file = join(k8s, "reference", name);
  await validateAll(relative(repo, file), readFileSync(file, "utf8"));
}

try {
  execFileSync("kubectl", ["version", "--client"], { stdio: "ignore" });
} catch {
  console.error("kubectl (with its built-in kustomize) is needed to render k8s/: not on the PATH");
  process.exit(1);
}

const builds = ["base", "overlays/example", "prometheus-adapter"].map((dir) => [`kubectl kustomize k8s/${dir}`, join(k8s, dir)]);
// A component cannot be built alone: each is rendered on top of the base, in a kustomization of
// its own (kustomize takes relative paths only).
const scratch = mkdtempSync(join(tmpdir(), "coditect-kustomize-"));
const components = readdirSync(join(k8s, "components")).filter((n) => statSync(join(k8s, "components", n)).isDirectory()).sort();
for (const component of components) {
  const dir = join(scratch, component);
  execFileSync("mkdir", ["-p", dir]);
  writeFileSync(join(dir, "kustomization.yaml"), [
    "apiVersion: kustomize.config.k8s.io/v1beta1",
    "kind: Kustomization",
    "resources:",
    `  - ${relative(dir, join(k8s, "base"))}`,
    "components:",
    ...[component].map((c) => `  - ${relative(dir, join(k8s, "components", c))}`),
    "",
  ].join("\n"));
  builds.push([`k8s/base + k8s/components/${component}`, dir]);
}
for (const [source, dir] of builds) {
  let rendered;
  try {
    rendered = kustomize(dir);
  } catch (error) {
    report(false, source, error.stderr ?? error.message);
    continue;
  }
  await validateAll(source, rendered);
}
rmSync(scratch, { recursive: true, force: true });

console.log(`manifests: ${passed} passed, ${failed} failed`);
process.exit(failed === 0 && passed > 0 ? 0 : 1);
