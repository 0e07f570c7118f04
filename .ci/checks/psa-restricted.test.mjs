// node --test: the Pod Security "restricted" check refuses what the standard refuses.
import assert from "node:assert/strict";
import { test } from "node:test";
import { podSpecsOf, restrictedViolations } from "./psa-restricted.mjs";

function hardened() {
  return {
    securityContext: { runAsNonRoot: true, runAsUser: 1001, seccompProfile: { type: "RuntimeDefault" } },
    containers: [{
      name: "app",
      securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ["ALL"] } },
    }],
    volumes: [{ name: "tmp", emptyDir: {} }, { name: "keys", secret: { secretName: "k" } }],
  };
}

test("a hardened pod passes", () => {
  assert.deepEqual(restrictedViolations(hardened()), []);
});

test("each restricted control is enforced", () => {
  const cases = [
    [(p) => { p.containers[0].securityContext.allowPrivilegeEscalation = true; }, /allowPrivilegeEscalation/],
    [(p) => { delete p.containers[0].securityContext.allowPrivilegeEscalation; }, /allowPrivilegeEscalation/],
    [(p) => { delete p.securityContext.runAsNonRoot; }, /runAsNonRoot/],
    [(p) => { p.containers[0].securityContext.runAsUser = 0; }, /runAsUser is 0/],
    [(p) => { delete p.securityContext.seccompProfile; }, /seccompProfile/],
    [(p) => { p.securityContext.seccompProfile.type = "Unconfined"; }, /Unconfined/],
    [(p) => { p.containers[0].securityContext.capabilities.drop = ["NET_RAW"]; }, /drop ALL/],
    [(p) => { p.containers[0].securityContext.capabilities.add = ["SYS_ADMIN"]; }, /adds capability SYS_ADMIN/],
    [(p) => { p.containers[0].securityContext.privileged = true; }, /privileged/],
    [(p) => { p.hostNetwork = true; }, /hostNetwork/],
    [(p) => { p.volumes.push({ name: "host", hostPath: { path: "/" } }); }, /type hostPath/],
    [(p) => { p.containers[0].ports = [{ containerPort: 80, hostPort: 80 }]; }, /hostPort/],
    [(p) => { p.initContainers = [{ name: "init" }]; }, /initContainer init/],
    [(p) => { p.securityContext.sysctls = [{ name: "kernel.msgmax", value: "1" }]; }, /sysctl/],
  ];
  for (const [change, expected] of cases) {
    const pod = hardened();
    change(pod);
    const violations = restrictedViolations(pod);
    assert.ok(violations.some((v) => expected.test(v)), `${expected}: ${JSON.stringify(violations)}`);
  }
});

test("NET_BIND_SERVICE may be added, and a container may carry the settings itself", () => {
  const pod = hardened();
  pod.containers[0].securityContext.capabilities.add = ["NET_BIND_SERVICE"];
  delete pod.securityContext.seccompProfile;
  pod.containers[0].securityContext.seccompProfile = { type: "RuntimeDefault" };
  assert.deepEqual(restrictedViolations(pod), []);
});

test("pod specs are found in workloads and FoundationDB process templates", () => {
  assert.equal(podSpecsOf({ kind: "Deployment", spec: { template: { spec: hardened() } } }).length, 1);
  assert.equal(podSpecsOf({ kind: "CronJob", spec: { jobTemplate: { spec: { template: { spec: {} } } } } }).length, 1);
  assert.deepEqual(podSpecsOf({ kind: "FoundationDBCluster", spec: { processes: { general: { podTemplate: { spec: {} } } } } })
    .map(([path]) => path), ["spec.processes.general.podTemplate.spec"]);
  assert.deepEqual(podSpecsOf({ kind: "Service", spec: {} }), []);
});
