#!/usr/bin/env python3
"""Checks rendered Kubernetes manifests (`kubectl kustomize OVERLAY`) against the application's own contract.

The contract, as the processes define it:
  - edge-runtime listens where its flags say (defaults and flag names from its `--help`); platform-api and the portal
    on SERVER_PORT or the server.port of their application.properties;
  - readiness and liveness live at /readyz and /healthz on the edge's admin listener, and at
    /actuator/health/readiness and /actuator/health/liveness of a Spring app whose probes are enabled.
Every port a Service or a probe targets must be one the process listens on, on all interfaces; every edge flag must be
one `--help` documents and every $(VAR) in it must resolve; every Secret and ConfigMap key referenced must be
rendered; every Deployment and StatefulSet has a PodDisruptionBudget that still lets a drain evict; every container
has resources and runs non-root on a read-only root file system; admin ports are never reachable from outside the
cluster; the edges' --shields names exactly the shield StatefulSet's pods.

usage: check_contract.py RENDERED.yaml --edge-help HELP.txt --repo ROOT [--require-digests]
Prints one line per failed check and a summary; exits 1 when any check failed.
"""
import argparse
import os
import re
import sys

import yaml

WORKLOAD_KINDS = ("Deployment", "StatefulSet", "DaemonSet")
SPRING_APPS = {"platform-api": "platform-api", "portal": "portal"}
EDGE_APP = "edge-runtime"
# The edge's listeners: flag -> whether it listens only together with another flag (`--help`: "needs --tls-cert-dir").
EDGE_LISTENERS = {"--listen": None, "--tls-listen": "--tls-cert-dir", "--admin-listen": None,
                  "--tls-offload-listen": None}
EDGE_PROBE_PATHS = {"readinessProbe": "/readyz", "livenessProbe": "/healthz", "startupProbe": "/healthz"}
SPRING_PROBE_PATHS = {"readinessProbe": "/actuator/health/readiness", "livenessProbe": "/actuator/health/liveness",
                      "startupProbe": "/actuator/health/liveness"}
# What the JVM needs beside the heap and the RAM tier (metaspace, threads, Netty's buffers, code cache), in MiB.
JVM_OVERHEAD_MIB = 512
# The RAM tier's bodies take at most 1.25 x --memory of direct memory (docs/operations.md, "Memory bounded in bytes").
RAM_TIER_DIRECT_FACTOR = 1.25
DIGEST = re.compile(r"@sha256:[0-9a-f]{64}$")
# Environment variables of Spring Boot itself and of the JVM that the manifests may set on platform-api and the portal.
SPRING_OWN_ENV = {"SERVER_PORT", "SERVER_ADDRESS", "SERVER_FORWARD_HEADERS_STRATEGY",
                  "MANAGEMENT_ENDPOINT_HEALTH_PROBES_ENABLED", "JAVA_TOOL_OPTIONS", "SPRING_PROFILES_ACTIVE",
                  "SPRING_MAIL_HOST", "SPRING_MAIL_PORT", "SPRING_MAIL_USERNAME", "SPRING_MAIL_PASSWORD"}


class Checker:
    def __init__(self, docs, edge_help, repo, require_digests):
        self.docs = [d for d in docs if d]
        self.help = edge_help
        self.repo = repo
        self.require_digests = require_digests
        self.failures = []
        self.checked = 0

    def check(self, ok, message):
        self.checked += 1
        if not ok:
            self.failures.append(message)
        return ok

    def of_kind(self, *kinds):
        return [d for d in self.docs if d.get("kind") in kinds]

    def named(self, kind, name):
        for d in self.of_kind(kind):
            if d["metadata"]["name"] == name:
                return d
        return None

    # ------------------------------------------------------------------------------------------------ settings
    def spring_properties(self, app):
        props = {}
        path = f"{self.repo}/{app}/src/main/resources/application.properties"
        with open(path, encoding="utf-8") as f:
            for line in f:
                line = line.strip()
                if line and not line.startswith("#") and "=" in line:
                    k, v = line.split("=", 1)
                    props[k.strip()] = v.strip()
        return props

    def spring_env_names(self, app):
        """Every environment variable the app reads: System.getenv names, and the environment forms of its settings
        (application.properties keys, @Value placeholders, @ConfigurationProperties record components)."""
        names = set()
        settings = set(self.spring_properties(app))
        root = f"{self.repo}/{app}/src/main/java"
        for folder, _, files in os.walk(root):
            for file in files:
                if not file.endswith(".java"):
                    continue
                with open(os.path.join(folder, file), encoding="utf-8") as f:
                    src = f.read()
                names |= set(re.findall(r'getenv\("([A-Z0-9_]+)"\)', src))
                settings |= set(re.findall(r'\$\{([a-z0-9.-]+)', src))
                for m in re.finditer(r'@ConfigurationProperties\("([^"]+)"\)\s*(?:public\s+)?record\s+\w+\s*\(', src):
                    for component in record_components(src, m.end()):
                        settings.add(m.group(1) + "." + re.sub(r"([A-Z])", lambda c: "-" + c.group(1).lower(),
                                                               component))
        for key in settings:
            # Spring Boot's relaxed binding: dots to underscores, dashes removed (canonical) or to underscores (legacy).
            names.add(key.replace(".", "_").replace("-", "").upper())
            names.add(key.replace(".", "_").replace("-", "_").upper())
        return names

    def env_value(self, container, name, depth=0):
        """The value of an env var as the kubelet would give it: literal, ConfigMap key or field; None if unknown."""
        for e in container.get("env", []):
            if e["name"] != name:
                continue
            if "value" in e:
                return self.expand(container, e["value"], depth + 1)
            ref = e.get("valueFrom", {})
            if "configMapKeyRef" in ref:
                cm = self.named("ConfigMap", ref["configMapKeyRef"]["name"])
                return None if cm is None else cm.get("data", {}).get(ref["configMapKeyRef"]["key"])
            if "fieldRef" in ref:
                return "<" + ref["fieldRef"]["fieldPath"] + ">"
            if "secretKeyRef" in ref:
                return "<secret>"
        return None

    def expand(self, container, text, depth=0):
        """Expands $(VAR) as Kubernetes does in args and env values; an unknown VAR stays as written (as it would)."""
        if depth > 5:
            return text
        def sub(m):
            v = self.env_value(container, m.group(1), depth)
            return m.group(0) if v is None else v
        return re.sub(r"\$\(([A-Za-z_][A-Za-z0-9_]*)\)", sub, str(text))

    # ---------------------------------------------------------------------------------------------- listeners
    def app_of(self, container):
        image = container["image"].split("@")[0]
        name = image.rsplit("/", 1)[-1].split(":")[0]
        return name

    def edge_flags(self, container, where):
        """The edge's flags as name -> value, each checked against --help and for unresolved $(VAR)."""
        args = [self.expand(container, a) for a in container.get("args", [])]
        flags = {}
        i = 0
        while i < len(args):
            a = args[i]
            if not a.startswith("--"):
                self.check(False, f"{where}: argument '{a}' is not a flag's value (EdgeMain takes --flag value)")
                i += 1
                continue
            if "=" in a:
                name, value = a.split("=", 1)
                i += 1
            else:
                name, value = a, (args[i + 1] if i + 1 < len(args) else "")
                i += 2
            # EdgeMain.known(): a flag is one its usage text names, followed by a space.
            self.check(name + " " in self.help, f"{where}: flag {name} is not in EdgeMain --help")
            self.check("$(" not in value, f"{where}: {name} {value}: a $(VAR) no env entry of the container defines")
            flags[name] = value
        return flags

    def edge_default(self, flag):
        m = re.search(re.escape(flag) + r" HOST:PORT[^\n]*?\(default ([0-9.]+:[0-9]+)", self.help)
        return m.group(1) if m else None

    def listening(self, container, where):
        """{port: host} the container's process listens on, from its flags or settings."""
        app = self.app_of(container)
        if app == EDGE_APP:
            flags = self.edge_flags(container, where)
            out = {}
            for flag, needs in EDGE_LISTENERS.items():
                if needs and needs not in flags:
                    continue
                value = flags.get(flag) or self.edge_default(flag)
                if value is None:
                    continue
                host, _, port = value.rpartition(":")
                if port.isdigit():
                    out[int(port)] = host.strip("[]")
            return out
        if app in SPRING_APPS:
            props = self.spring_properties(SPRING_APPS[app])
            port = self.env_value(container, "SERVER_PORT") or props.get("server.port", "8080")
            host = self.env_value(container, "SERVER_ADDRESS") or props.get("server.address", "0.0.0.0")
            return {int(port): host}
        self.check(False, f"{where}: image {container['image']} is none of the platform's (no contract known)")
        return {}

    # ------------------------------------------------------------------------------------------------- checks
    def run(self):
        workloads = self.of_kind(*WORKLOAD_KINDS)
        self.check(len(workloads) >= 4, "fewer than four workloads rendered (platform-api, portal, edge, shield)")
        listened = {}  # (kind, name) -> {port the pod's processes listen on: host}
        for w in workloads:
            listened[(w["kind"], w["metadata"]["name"])] = self.check_workload(w)
        self.check_services(listened)
        self.check_disruption_budgets()
        self.check_autoscalers()
        self.check_references()
        self.check_shield_list(listened)
        self.check_admin_exposure(listened)
        return self.failures

    def check_workload(self, w):
        kind, name = w["kind"], w["metadata"]["name"]
        pod = w["spec"]["template"]["spec"]
        pod_sc = pod.get("securityContext", {})
        listened_by_pod = {}
        for c in pod.get("initContainers", []) + pod["containers"]:
            where = f"{kind}/{name} container {c['name']}"
            res = c.get("resources", {})
            for section, key in (("requests", "cpu"), ("requests", "memory"), ("limits", "memory")):
                self.check(key in res.get(section, {}), f"{where}: resources.{section}.{key} is not set")
            sc = c.get("securityContext", {})
            self.check(sc.get("runAsNonRoot", pod_sc.get("runAsNonRoot")) is True, f"{where}: not runAsNonRoot")
            self.check(sc.get("allowPrivilegeEscalation") is False, f"{where}: allowPrivilegeEscalation not false")
            self.check(sc.get("readOnlyRootFilesystem") is True, f"{where}: root file system not read-only")
            self.check("ALL" in sc.get("capabilities", {}).get("drop", []), f"{where}: capabilities not dropped")
            if self.require_digests:
                self.check(bool(DIGEST.search(c["image"])), f"{where}: image {c['image']} is not pinned by digest")
            listens = self.listening(c, where)
            declared = {p["containerPort"]: p.get("name") for p in c.get("ports", [])}
            for port, pname in declared.items():
                self.check(port in listens, f"{where}: containerPort {port} ({pname}) is not a port the process "
                                            f"listens on (it listens on {sorted(listens) or 'nothing'})")
                host = listens.get(port)
                self.check(host is None or host not in ("127.0.0.1", "localhost", "::1"),
                           f"{where}: port {port} listens on {host} only: unreachable from the Service and the kubelet")
            self.check_probes(c, where, listens)
            self.check_memory_budget(c, where)
            if self.app_of(c) in SPRING_APPS:
                known = self.spring_env_names(SPRING_APPS[self.app_of(c)]) | SPRING_OWN_ENV
                for e in c.get("env", []):
                    self.check(e["name"] in known, f"{where}: env {e['name']} is no setting "
                                                   f"{SPRING_APPS[self.app_of(c)]} reads (a misspelt name is ignored)")
            listened_by_pod.update(listens)
        return listened_by_pod

    def resolve_port(self, container, port):
        if isinstance(port, int):
            return port
        for p in container.get("ports", []):
            if p.get("name") == port:
                return p["containerPort"]
        return None

    def check_probes(self, c, where, listens):
        app = self.app_of(c)
        for probe in ("readinessProbe", "livenessProbe"):
            self.check(probe in c, f"{where}: no {probe}")
        for probe in ("readinessProbe", "livenessProbe", "startupProbe"):
            if probe not in c:
                continue
            get = c[probe].get("httpGet")
            if not self.check(get is not None, f"{where}: {probe} is not an HTTP GET"):
                continue
            port = self.resolve_port(c, get["port"])
            self.check(port in listens, f"{where}: {probe} targets port {get['port']}, which the process does not "
                                        f"listen on (it listens on {sorted(listens)})")
            if app == EDGE_APP:
                admin = self.edge_flags_quiet(c).get("--admin-listen") or self.edge_default("--admin-listen")
                self.check(port == int(admin.rpartition(":")[2]), f"{where}: {probe} is not on the admin listener")
                want = EDGE_PROBE_PATHS[probe]
                self.check(get["path"] == want and f'"{want}"' in self.admin_server(),
                           f"{where}: {probe} path {get['path']}, the edge answers it at {want}")
            elif app in SPRING_APPS:
                want = SPRING_PROBE_PATHS[probe]
                self.check(get["path"] == want, f"{where}: {probe} path {get['path']}, the app answers it at {want}")
                props = self.spring_properties(SPRING_APPS[app])
                enabled = (self.env_value(c, "MANAGEMENT_ENDPOINT_HEALTH_PROBES_ENABLED")
                           or props.get("management.endpoint.health.probes.enabled"))
                self.check(enabled == "true", f"{where}: {probe} needs the health probes enabled "
                                              "(management.endpoint.health.probes.enabled), or it answers 404")
                self.check("management.server.port" not in props,
                           f"{where}: management.server.port moves the probes off the server port")

    def edge_flags_quiet(self, c):
        saved, self.failures = self.failures, []
        flags = self.edge_flags(c, "")
        self.failures = saved
        return flags

    def admin_server(self):
        path = f"{self.repo}/edge-runtime/src/main/java/dev/cdn/edge/admin/AdminServer.java"
        with open(path, encoding="utf-8") as f:
            return f.read()

    def check_memory_budget(self, c, where):
        if self.app_of(c) != EDGE_APP:
            return
        opts = self.env_value(c, "JAVA_TOOL_OPTIONS") or ""
        heap = re.search(r"-Xmx(\d+)m", opts)
        memory = self.edge_flags_quiet(c).get("--memory")
        limit = c.get("resources", {}).get("limits", {}).get("memory")
        if not self.check(heap is not None and memory is not None and limit is not None,
                          f"{where}: an explicit heap (JAVA_TOOL_OPTIONS -Xmx<N>m), --memory and a memory limit "
                          "are all needed to bound the edge's memory"):
            return
        need = int(heap.group(1)) + RAM_TIER_DIRECT_FACTOR * int(memory) + JVM_OVERHEAD_MIB
        self.check(need <= mebibytes(limit), f"{where}: heap {heap.group(1)} MiB + RAM tier 1.25 x {memory} MiB + "
                                             f"{JVM_OVERHEAD_MIB} MiB JVM = {need:.0f} MiB exceeds the limit {limit}")

    def pods_selected(self, selector):
        out = []
        for w in self.of_kind(*WORKLOAD_KINDS):
            labels = w["spec"]["template"]["metadata"].get("labels", {})
            if selector and all(labels.get(k) == v for k, v in selector.items()):
                out.append(w)
        return out

    def check_services(self, listened):
        for s in self.of_kind("Service"):
            name = s["metadata"]["name"]
            targets = self.pods_selected(s["spec"].get("selector", {}))
            if not self.check(targets, f"Service/{name}: its selector matches no workload's pods"):
                continue
            for p in s["spec"]["ports"]:
                tp = p.get("targetPort", p["port"])
                for w in targets:
                    containers = w["spec"]["template"]["spec"]["containers"]
                    ports = [self.resolve_port(c, tp) for c in containers]
                    port = next((x for x in ports if x is not None), None)
                    self.check(port is not None and port in listened[(w["kind"], w["metadata"]["name"])],
                               f"Service/{name} port {p['port']} targets {tp}, which {w['kind']}/"
                               f"{w['metadata']['name']} does not listen on")

    def check_disruption_budgets(self):
        pdbs = self.of_kind("PodDisruptionBudget")
        for w in self.of_kind("Deployment", "StatefulSet"):
            where = f"{w['kind']}/{w['metadata']['name']}"
            labels = w["spec"]["template"]["metadata"].get("labels", {})
            mine = [p for p in pdbs if all(labels.get(k) == v for k, v in
                                           p["spec"]["selector"].get("matchLabels", {}).items())]
            if not self.check(mine, f"{where}: no PodDisruptionBudget selects its pods"):
                continue
            replicas = self.min_replicas(w)
            for p in mine:
                spec = p["spec"]
                if "maxUnavailable" in spec:
                    self.check(str(spec["maxUnavailable"]) not in ("0", "0%"),
                               f"PodDisruptionBudget/{p['metadata']['name']}: maxUnavailable 0 blocks every drain")
                if "minAvailable" in spec and isinstance(spec["minAvailable"], int):
                    self.check(spec["minAvailable"] < replicas,
                               f"PodDisruptionBudget/{p['metadata']['name']}: minAvailable {spec['minAvailable']} "
                               f"with {replicas} replicas blocks every drain")

    def hpa_for(self, w):
        for h in self.of_kind("HorizontalPodAutoscaler"):
            ref = h["spec"]["scaleTargetRef"]
            if ref["kind"] == w["kind"] and ref["name"] == w["metadata"]["name"]:
                return h
        return None

    def min_replicas(self, w):
        h = self.hpa_for(w)
        return h["spec"].get("minReplicas", 1) if h else w["spec"].get("replicas", 1)

    def check_autoscalers(self):
        for w in self.of_kind("Deployment"):
            where = f"Deployment/{w['metadata']['name']}"
            h = self.hpa_for(w)
            if not self.check(h is not None, f"{where}: no HorizontalPodAutoscaler"):
                continue
            # Kubernetes' HPA documentation: with an HPA, leave spec.replicas out, or every apply resets the count.
            self.check("replicas" not in w["spec"], f"{where}: spec.replicas beside an HPA is reset by every apply")
            self.check(h["spec"]["maxReplicas"] >= h["spec"].get("minReplicas", 1),
                       f"HorizontalPodAutoscaler/{h['metadata']['name']}: maxReplicas below minReplicas")

    def check_references(self):
        for w in self.of_kind(*WORKLOAD_KINDS):
            pod = w["spec"]["template"]["spec"]
            where = f"{w['kind']}/{w['metadata']['name']}"
            for c in pod.get("initContainers", []) + pod["containers"]:
                for e in c.get("env", []):
                    ref = e.get("valueFrom", {})
                    for kind, key in (("Secret", "secretKeyRef"), ("ConfigMap", "configMapKeyRef")):
                        if key in ref:
                            obj = self.named(kind, ref[key]["name"])
                            self.check(obj is not None and ref[key]["key"] in obj.get("data", {}),
                                       f"{where}: env {e['name']} names {kind} {ref[key]['name']} key "
                                       f"{ref[key]['key']}, which is not rendered")
            for v in pod.get("volumes", []):
                if "secret" in v:
                    self.check(self.named("Secret", v["secret"]["secretName"]) is not None,
                               f"{where}: volume {v['name']} names a Secret that is not rendered")
                if "configMap" in v:
                    self.check(self.named("ConfigMap", v["configMap"]["name"]) is not None,
                               f"{where}: volume {v['name']} names a ConfigMap that is not rendered")

    def check_shield_list(self, listened):
        shields = [w for w in self.of_kind("StatefulSet")
                   if any("--role" in c.get("args", []) and c["args"][c["args"].index("--role") + 1] == "shield"
                          for c in w["spec"]["template"]["spec"]["containers"])]
        pods = {}
        for s in shields:
            svc = self.named("Service", s["spec"]["serviceName"])
            port_map = {}
            if svc:
                c = s["spec"]["template"]["spec"]["containers"][0]
                for p in svc["spec"]["ports"]:
                    port_map[p["port"]] = self.resolve_port(c, p.get("targetPort", p["port"]))
            for i in range(s["spec"].get("replicas", 1)):
                pods[f"{s['metadata']['name']}-{i}.{s['spec']['serviceName']}"] = (s, port_map)
        for w in self.of_kind(*WORKLOAD_KINDS):
            for c in w["spec"]["template"]["spec"]["containers"]:
                if self.app_of(c) != EDGE_APP:
                    continue
                flags = self.edge_flags_quiet(c)
                urls = []
                if "--shields" in flags:
                    for region in flags["--shields"].split(";"):
                        urls += region.split("=", 1)[-1].split(",")
                if "--shield" in flags:
                    urls.append(flags["--shield"])
                named = set()
                for url in urls:
                    m = re.match(r"https?://([^:/]+):(\d+)", url)
                    target = pods.get(m.group(1)) if m else None
                    ok = target is not None and target[1].get(int(m.group(2))) in listened[
                        ("StatefulSet", target[0]["metadata"]["name"])]
                    self.check(ok, f"{w['kind']}/{w['metadata']['name']}: shield {url} is not a listening shield pod "
                                   f"of this render (pods: {sorted(pods)})")
                    if m:
                        named.add(m.group(1))
                if urls:
                    self.check(named == set(pods), f"{w['kind']}/{w['metadata']['name']}: --shields names "
                                                   f"{sorted(named)}, the shield pods are {sorted(pods)}")

    def check_admin_exposure(self, listened):
        """Admin listeners (metrics, purge, warm) are reachable from inside the cluster only."""
        for w in self.of_kind(*WORKLOAD_KINDS):
            admin_ports = set()
            names = set()
            for c in w["spec"]["template"]["spec"]["containers"]:
                if self.app_of(c) == EDGE_APP:
                    admin = self.edge_flags_quiet(c).get("--admin-listen") or self.edge_default("--admin-listen")
                    admin_ports.add(int(admin.rpartition(":")[2]))
                    names |= {p.get("name") for p in c.get("ports", []) if p["containerPort"] in admin_ports}
            if not admin_ports:
                continue
            labels = w["spec"]["template"]["metadata"].get("labels", {})
            where = f"{w['kind']}/{w['metadata']['name']}"
            for s in self.of_kind("Service"):
                if s["spec"].get("type") in ("LoadBalancer", "NodePort") and w in self.pods_selected(
                        s["spec"].get("selector", {})):
                    for p in s["spec"]["ports"]:
                        tp = p.get("targetPort", p["port"])
                        self.check(tp not in admin_ports and tp not in names,
                                   f"Service/{s['metadata']['name']} exposes {where}'s admin port outside the cluster")
            policies = [n for n in self.of_kind("NetworkPolicy")
                        if all(labels.get(k) == v for k, v in n["spec"]["podSelector"].get("matchLabels", {}).items())]
            self.check(policies, f"{where}: no NetworkPolicy selects its pods (its admin port is open to all)")
            for n in policies:
                for rule in n["spec"].get("ingress", []):
                    ports = {p.get("port") for p in rule.get("ports", [])} or {None}
                    covers_admin = None in ports or ports & (admin_ports | names)
                    from_outside = not rule.get("from") or any("ipBlock" in peer for peer in rule["from"])
                    self.check(not (covers_admin and from_outside),
                               f"NetworkPolicy/{n['metadata']['name']}: admits addresses outside the cluster to "
                               f"{where}'s admin port")


def record_components(src, start):
    """The component names of a record whose header's parameter list opens just before src[start]."""
    depth, i, params = 1, start, ""
    while i < len(src) and depth:
        ch = src[i]
        depth += {"(": 1, ")": -1}.get(ch, 0)
        if depth:
            params += ch
        i += 1
    params = re.sub(r'@\w+(\([^)]*\))?', "", params)  # annotations such as @DefaultValue("...")
    parts, depth, cur = [], 0, ""
    for ch in params:
        depth += {"<": 1, ">": -1}.get(ch, 0)
        if ch == "," and depth == 0:
            parts.append(cur)
            cur = ""
        else:
            cur += ch
    parts.append(cur)
    return [p.split()[-1] for p in parts if p.strip()]


def mebibytes(quantity):
    m = re.fullmatch(r"(\d+)(Ki|Mi|Gi|Ti|k|M|G|T)?", str(quantity))
    if not m:
        raise ValueError(f"memory quantity {quantity}")
    scale = {None: 1 / 2**20, "Ki": 1 / 1024, "Mi": 1, "Gi": 1024, "Ti": 2**20,
             "k": 1e3 / 2**20, "M": 1e6 / 2**20, "G": 1e9 / 2**20, "T": 1e12 / 2**20}
    return int(m.group(1)) * scale[m.group(2)]


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("rendered")
    ap.add_argument("--edge-help", required=True, help="the text of `edge-runtime --help`")
    ap.add_argument("--repo", required=True, help="the repository's root (application.properties, AdminServer)")
    ap.add_argument("--require-digests", action="store_true", help="every image pinned by @sha256 digest")
    ap.add_argument("--print-args", metavar="KIND/NAME",
                    help="print the first container's args and JAVA_TOOL_OPTIONS as Kubernetes would expand them (one "
                         "per line, the options first), to start the process from the manifest; checks nothing")
    a = ap.parse_args()
    with open(a.rendered, encoding="utf-8") as f:
        docs = list(yaml.safe_load_all(f))
    with open(a.edge_help, encoding="utf-8") as f:
        edge_help = f.read()
    checker = Checker(docs, edge_help, a.repo, a.require_digests)
    if a.print_args:
        kind, name = a.print_args.split("/", 1)
        c = checker.named(kind, name)["spec"]["template"]["spec"]["containers"][0]
        print(checker.env_value(c, "JAVA_TOOL_OPTIONS") or "")
        for arg in c.get("args", []):
            print(checker.expand(c, arg))
        return 0
    failures = checker.run()
    for message in failures:
        print(f"  FAIL  {message}")
    print(f"contract: {checker.checked - len(failures)} of {checker.checked} checks passed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
