// The Pod Security Standard "restricted" (latest), as Pod Security Admission enforces it, for one pod
// spec: every check of the baseline and restricted profiles that a pod spec can fail. Returns the
// violations as readable strings (none: the pod would be admitted in a restricted namespace).
// Written from the standard's published list of controls; src/test/java's PodSecurityRestricted
// checks the same for the pods the Java code builds.

const ALLOWED_VOLUME_TYPES = new Set([
  "configMap", "csi", "downwardAPI", "emptyDir", "ephemeral", "persistentVolumeClaim", "projected", "secret",
]);
const SAFE_SYSCTLS = new Set([
  "kernel.shm_rmid_forced", "net.ipv4.ip_local_port_range", "net.ipv4.ip_unprivileged_port_start",
  "net.ipv4.tcp_syncookies", "net.ipv4.ping_group_range", "net.ipv4.ip_local_reserved_ports",
  "net.ipv4.tcp_keepalive_time", "net.ipv4.tcp_fin_timeout", "net.ipv4.tcp_keepalive_intvl",
  "net.ipv4.tcp_keepalive_probes",
]);
const SELINUX_TYPES = new Set(["", "container_t", "container_init_t", "container_kvm_t", "container_engine_t"]);

export function restrictedViolations(spec) {
  const violations = [];
  const podContext = spec.securityContext ?? {};
  const containers = [
    ...(spec.initContainers ?? []).map((c) => ["initContainer", c]),
    ...(spec.containers ?? []).map((c) => ["container", c]),
    ...(spec.ephemeralContainers ?? []).map((c) => ["ephemeralContainer", c]),
  ];
  const fail = (message) => violations.push(message);

  // Baseline.
  for (const field of ["hostNetwork", "hostPID", "hostIPC"]) {
    if (spec[field] === true) fail(`${field} is true`);
  }
  for (const volume of spec.volumes ?? []) {
    const type = Object.keys(volume).find((key) => key !== "name");
    if (!ALLOWED_VOLUME_TYPES.has(type)) fail(`volume ${volume.name} is of type ${type}`);
  }
  for (const sysctl of podContext.sysctls ?? []) {
    if (!SAFE_SYSCTLS.has(sysctl.name)) fail(`sysctl ${sysctl.name} is not a safe one`);
  }
  checkSeLinux("pod", podContext.seLinuxOptions, fail);
  checkAppArmor("pod", podContext.appArmorProfile, fail);
  if (podContext.seccompProfile?.type === "Unconfined") fail("pod seccompProfile is Unconfined");
  if (podContext.runAsNonRoot === false) fail("pod runAsNonRoot is false");
  if (podContext.runAsUser === 0) fail("pod runAsUser is 0");
  if (containers.length === 0) fail("no containers");

  for (const [role, container] of containers) {
    const name = `${role} ${container.name}`;
    const context = container.securityContext ?? {};
    if (context.privileged === true) fail(`${name} is privileged`);
    for (const port of container.ports ?? []) {
      if (port.hostPort) fail(`${name} uses hostPort ${port.hostPort}`);
    }
    if (context.procMount && context.procMount !== "Default") fail(`${name} procMount is ${context.procMount}`);
    checkSeLinux(name, context.seLinuxOptions, fail);
    checkAppArmor(name, context.appArmorProfile, fail);
    // Restricted.
    if (context.allowPrivilegeEscalation !== false) fail(`${name} does not set allowPrivilegeEscalation: false`);
    const runAsNonRoot = context.runAsNonRoot ?? podContext.runAsNonRoot;
    if (runAsNonRoot !== true) fail(`${name} does not run with runAsNonRoot: true (pod or container)`);
    if (context.runAsUser === 0) fail(`${name} runAsUser is 0`);
    const seccomp = context.seccompProfile?.type ?? podContext.seccompProfile?.type;
    if (seccomp !== "RuntimeDefault" && seccomp !== "Localhost") {
      fail(`${name} has no seccompProfile RuntimeDefault or Localhost (pod or container)`);
    }
    const capabilities = context.capabilities ?? {};
    if (!(capabilities.drop ?? []).includes("ALL")) fail(`${name} does not drop ALL capabilities`);
    for (const added of capabilities.add ?? []) {
      if (added !== "NET_BIND_SERVICE") fail(`${name} adds capability ${added}`);
    }
  }
  return violations;
}

function checkSeLinux(name, options, fail) {
  if (!options) return;
  if (!SELINUX_TYPES.has(options.type ?? "")) fail(`${name} seLinuxOptions.type is ${options.type}`);
  if (options.user) fail(`${name} sets seLinuxOptions.user`);
  if (options.role) fail(`${name} sets seLinuxOptions.role`);
}

function checkAppArmor(name, profile, fail) {
  if (profile && !["RuntimeDefault", "Localhost"].includes(profile.type)) {
    fail(`${name} appArmorProfile is ${profile.type}`);
  }
}

/** Every pod spec an object carries, each with where it sits: workloads, pods, and the FoundationDB operator's process templates. */
export function podSpecsOf(doc) {
  const spec = doc?.spec ?? {};
  switch (doc?.kind) {
    case "Pod":
      return [["spec", spec]];
    case "Deployment":
    case "StatefulSet":
    case "DaemonSet":
    case "ReplicaSet":
    case "Job":
      return [["spec.template.spec", spec.template?.spec ?? {}]];
    case "CronJob":
      return [["spec.jobTemplate.spec.template.spec", spec.jobTemplate?.spec?.template?.spec ?? {}]];
    // The operator builds these pods from the template: what the template gives is checked (the
    // operator's containers, named in it, must carry the restricted settings).
    case "FoundationDBCluster":
      return Object.entries(spec.processes ?? {}).map(([kind, process]) =>
        [`spec.processes.${kind}.podTemplate.spec`, process.podTemplate?.spec ?? {}]);
    default:
      return [];
  }
}
