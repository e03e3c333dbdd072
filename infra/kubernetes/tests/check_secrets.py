#!/usr/bin/env python3
"""Checks that no Secret value is part of infra/kubernetes: every Secret comes from a secretGenerator fed by files the
operator creates (under a `secrets/` folder, beside a committed `.example`), never from literals or a committed Secret.

usage: check_secrets.py TREE      (TREE: a copy of infra/kubernetes)
Prints the files the generators read (one per line, relative to TREE, prefixed `reads `) so that the caller can
check that git ignores them; prints `FAIL ...` lines and exits 1 on a violation.
"""
import os
import sys

import yaml


def main(tree):
    failures = []
    reads = []
    for folder, _, files in os.walk(tree):
        for name in files:
            path = os.path.join(folder, name)
            rel = os.path.relpath(path, tree)
            if name.endswith((".yaml", ".yml")):
                with open(path, encoding="utf-8") as f:
                    docs = [d for d in yaml.safe_load_all(f) if isinstance(d, dict)]
                for d in docs:
                    if d.get("kind") == "Secret" and (d.get("data") or d.get("stringData")):
                        failures.append(f"{rel}: a Secret with values ({d['metadata']['name']})")
                    for gen in d.get("secretGenerator", []) or []:
                        if gen.get("literals"):
                            failures.append(f"{rel}: secretGenerator {gen['name']} has literal values")
                        for source in (gen.get("files", []) or []) + (gen.get("envs", []) or []):
                            file = source.split("=", 1)[-1]
                            if "secrets/" not in file or file.endswith(".example"):
                                failures.append(f"{rel}: secretGenerator {gen['name']} reads {file}, which is not an "
                                                "operator's file under secrets/")
                            else:
                                reads.append(os.path.normpath(os.path.join(os.path.dirname(rel), file)))
                                if not os.path.exists(os.path.join(tree, reads[-1]) + ".example"):
                                    failures.append(f"{rel}: {file} has no {os.path.basename(file)}.example to copy")
    for r in reads:
        print(f"reads {r}")
    for f in failures:
        print(f"FAIL {f}")
    if not reads:
        print("FAIL no secretGenerator found: where do the Secrets come from?")
        return 1
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
