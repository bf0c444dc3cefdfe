#!/usr/bin/env python3
"""Generate a synthetic npm dependency graph of any size as a registry seed.

    python3 bench/synthetic.py N OUT_DIR [--seed S]

Writes the same layout as ../shared/corpus/make_registry_seed.py, so the same loader and
harness work on it:

  OUT/tarballs/<name, "/" as "+">-<version>.tgz   npm-pack-like, byte-deterministic
  OUT/publish.jsonl    one `npm publish` body per line, versions of a name oldest first,
                       dist.tarball under the placeholder http://registry.invalid/
  OUT/packages.tsv     name, version, tarball, size, unpacked, files, real, native, integrity
  OUT/stats.json       counts
  OUT/root/package.json  the project: dependencies and devDependencies on the graph's roots

The graph (N package versions in all) is shaped like real ones:
  - names are ordered; a version depends only on later names, so the graph is acyclic;
  - about 15 % of names have 2-3 versions with different majors, and dependents ask for
    different majors, so an installed tree needs nested copies as real trees do;
  - fan-out is long-tailed (a third of versions are leaves, the median has a few
    dependencies, a few have 20+), and targets are drawn with a Zipf-like preference for a
    small set of popular names, so deps are widely shared (like `debug`, `ms`, `tslib`);
  - about 10 % of names are scoped, 3 % declare a bin, some edges are `~` or exact pins,
    a few are optionalDependencies or peerDependencies that the graph satisfies;
  - every range is satisfiable; nearly every version is reachable from the root (a leftover
    major of a name the root already asks for another major of may not be).
Files: package.json, index.js exporting "name@version", README.md, and filler files with a
log-normal size spread (median ~10 files, ~30 KB unpacked). Output is deterministic for N and
--seed. Python standard library only.
"""

import argparse
import base64
import hashlib
import io
import json
import math
import os
import random
import shutil
import sys
import tarfile
import time
import zlib

PLACEHOLDER = "http://registry.invalid/"
NPM_PACK_MTIME = 499162500  # 1985-10-26T08:15:00Z, what npm pack writes

SYLLABLES = ["ar", "be", "ci", "do", "el", "fa", "ge", "hi", "io", "ju", "ka", "lo", "me", "ni",
             "op", "pa", "qu", "re", "si", "to", "un", "va", "we", "xe", "yo", "za", "st", "tr"]


def make_names(count, rng):
    names, seen = [], set()
    while len(names) < count:
        word = "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4)))
        if rng.random() < 0.3:
            word += "-" + "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(1, 3)))
        name = ("@syn%d/%s" % (rng.randrange(8), word)) if rng.random() < 0.1 else word
        if name not in seen:
            seen.add(name)
            names.append(name)
    return names


def text_pool(rng, size=1 << 20):
    """Deterministic JavaScript-looking text to slice file contents from (gzip ratio ~3-4x)."""
    words = ["".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4))) for _ in range(800)]
    lines = []
    total = 0
    templates = ["function %s(%s, %s) {\n  return %s + %s;\n}\n",
                 "const %s = require('./%s');\n// %s %s %s\n",
                 "module.exports.%s = function (%s) { return this.%s[%s] || %s; };\n",
                 "  if (%s === %s) {\n    %s.%s(%s);\n  }\n"]
    while total < size:
        template = rng.choice(templates)
        line = template % tuple(rng.choice(words) for _ in range(template.count("%s")))
        lines.append(line)
        total += len(line)
    return "".join(lines).encode()[:size]


def plan_graph(count, rng):
    """Returns (names, versions {name: [version]}, deps {(name, version): {kind: {dep: range}}},
    root dependencies, root devDependencies)."""
    name_count = max(1, int(round(count / 1.2)))
    names = make_names(name_count, rng)
    versions = {name: ["1.0.0"] for name in names}
    extra = count - name_count
    # Extra versions go to names with probability rising with popularity (low index = later in
    # topological order is less popular; popular names are the high-index shared leaves).
    while extra > 0:
        name = names[int(len(names) * (1 - rng.random() ** 2)) % len(names)]
        if len(versions[name]) >= 4:
            continue
        versions[name].append("%d.%d.%d" % (len(versions[name]) + 1, rng.randrange(5), rng.randrange(10)))
        extra -= 1
    index = {name: i for i, name in enumerate(names)}
    # Popular targets: Zipf weight over a pool of shared names in the last 40 % of the order.
    popular_start = int(len(names) * 0.6)

    def pick_target(source_index):
        lo = source_index + 1
        if lo >= len(names):
            return None
        if rng.random() < 0.55 and popular_start > lo:
            span = len(names) - popular_start
            k = int(span * rng.random() ** 3)  # strongly skewed to the first popular names
            return names[popular_start + k]
        # Otherwise a nearby later name: keeps layers (a library and its helpers).
        reach = max(1, int((len(names) - lo) * rng.random() ** 2))
        return names[min(len(names) - 1, lo + rng.randrange(reach))]

    def range_for(version):
        roll = rng.random()
        if roll < 0.8:
            return "^" + version
        if roll < 0.93:
            return "~" + version
        return version

    deps = {}
    referenced = set()
    for name in names:
        for version in versions[name]:
            roll = rng.random()
            fan_out = 0 if roll < 0.33 else int(math.exp(rng.gauss(1.0, 0.8)))
            fan_out = min(fan_out, 40)
            entry = {"dependencies": {}, "optionalDependencies": {}, "peerDependencies": {}}
            for _ in range(fan_out):
                target = pick_target(index[name])
                if target is None or any(target in group for group in entry.values()):
                    continue
                target_version = rng.choice(versions[target])
                kind_roll = rng.random()
                kind = "dependencies"
                if kind_roll < 0.03:
                    kind = "optionalDependencies"
                entry[kind][target] = range_for(target_version)
                referenced.add((target, target_version))
            deps[(name, version)] = entry

    # Peers: a version that depends on X may also declare a peer on a Y that X depends on, so
    # the peer is met from the tree (the placement that npm and pkg both find).
    for (name, version), entry in deps.items():
        if rng.random() >= 0.04:
            continue
        for target, spec in list(entry["dependencies"].items()):
            target_version = spec.lstrip("^~")
            inner = deps[(target, target_version)]["dependencies"]
            for peer, peer_spec in inner.items():
                if peer not in entry["dependencies"] and peer != name:
                    entry["peerDependencies"][peer] = peer_spec
                    break
            break

    root_deps, root_dev = {}, {}
    root_count = max(2, min(60, len(names) // 12))
    for name in names[:root_count]:
        target = root_dev if rng.random() < 0.3 else root_deps
        target[name] = "^" + versions[name][-1]
        referenced.add((name, versions[name][-1]))

    # Every version must be reachable: attach each unreferenced one to an earlier version that
    # has no edge to that name yet, or to the root.
    for name in names:
        for version in versions[name]:
            if (name, version) in referenced:
                continue
            i = index[name]
            attached = False
            for _ in range(8):
                if i == 0:
                    break
                source = names[rng.randrange(i)]
                source_version = rng.choice(versions[source])
                entry = deps[(source, source_version)]
                if any(name in group for group in entry.values()):
                    continue
                entry["dependencies"][name] = "^" + version
                attached = True
                break
            if not attached:
                if name in root_deps or name in root_dev:
                    continue  # the root already needs another major; a leftover version is fine
                root_deps[name] = "^" + version
            referenced.add((name, version))
    return names, versions, deps, root_deps, root_dev


def version_files(name, version, pool, rng_seed):
    rng = random.Random("%s@%s:%d" % (name, version, rng_seed))
    base = random.Random("%s:%d" % (name, rng_seed))  # files shared by every version of a name
    count = max(0, min(400, int(round(math.exp(math.log(8) + 0.8 * base.gauss(0, 1))))))
    total = max(200.0, min(4e6, math.exp(math.log(25000) + 1.1 * base.gauss(0, 1))))
    files = {}
    folders = base.sample(["lib", "dist", "src", "cjs", "esm", "types"], 2)
    weights = [base.expovariate(1.0) for _ in range(count)]
    weight_sum = sum(weights) or 1.0
    for i in range(count):
        extension = base.choice([".js", ".js", ".js", ".d.ts", ".js.map", ".mjs", ".cjs"])
        path = "%s/%s%d%s" % (base.choice(folders), "".join(base.choice(SYLLABLES) for _ in range(3)), i, extension)
        size = max(40, int(total * weights[i] / weight_sum))
        if rng.random() < 0.45:
            size = max(40, int(size * math.exp(rng.gauss(0, 0.25))))
        offset = (base.getrandbits(20) + (rng.getrandbits(20) if rng.random() < 0.45 else 0)) % len(pool)
        files[path] = (pool_slice(pool, offset, size), 0o644)
    readme_size = max(120, min(60000, int(math.exp(math.log(2000) + 0.8 * base.gauss(0, 1)))))
    files["README.md"] = (("# %s\n\n" % name).encode() + pool[:readme_size], 0o644)
    return files


def pool_slice(pool, offset, size):
    offset %= len(pool)
    if offset + size <= len(pool):
        return pool[offset:offset + size]
    out = bytearray()
    while len(out) < size:
        take = min(size - len(out), len(pool) - offset)
        out += pool[offset:offset + take]
        offset = 0
    return bytes(out)


def make_tarball(files):
    raw = io.BytesIO()
    with tarfile.open(fileobj=raw, mode="w", format=tarfile.USTAR_FORMAT) as archive:
        for path in sorted(files):
            data, mode = files[path]
            info = tarfile.TarInfo("package/" + path)
            info.size = len(data)
            info.mode = mode
            info.mtime = NPM_PACK_MTIME
            info.uid = info.gid = 0
            info.uname = info.gname = ""
            archive.addfile(info, io.BytesIO(data))
    compressor = zlib.compressobj(9, zlib.DEFLATED, 31)  # gzip wrapper, header mtime 0
    return compressor.compress(raw.getvalue()) + compressor.flush()


def main():
    parser = argparse.ArgumentParser(description="Write a synthetic registry seed with N package versions.")
    parser.add_argument("count", type=int, help="package versions in the graph")
    parser.add_argument("out", help="output folder (replaced)")
    parser.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    args = parser.parse_args()
    if args.count < 1:
        parser.error("N must be at least 1")
    started = time.time()
    rng = random.Random(args.seed)
    names, versions, deps, root_deps, root_dev = plan_graph(args.count, rng)
    pool = text_pool(random.Random(args.seed * 7919))

    if os.path.exists(args.out):
        shutil.rmtree(args.out)
    os.makedirs(os.path.join(args.out, "tarballs"))
    os.makedirs(os.path.join(args.out, "root"))
    stats = {"corpus": "synthetic-%d" % args.count, "names": len(names), "versions": 0,
             "names_with_multiple_versions": sum(1 for n in names if len(versions[n]) > 1),
             "dependency_edges": 0, "peer_dependency_edges": 0, "optional_dependency_edges": 0,
             "tarball_bytes_total": 0, "unpacked_bytes_total": 0, "files_total": 0}
    with open(os.path.join(args.out, "publish.jsonl"), "wb") as publish, \
            open(os.path.join(args.out, "packages.tsv"), "w") as table:
        table.write("name\tversion\ttarball\tsize\tunpacked\tfiles\treal\tnative\tintegrity\n")
        for name in sorted(names):
            for version in versions[name]:  # ascending majors: oldest first
                entry = deps[(name, version)]
                manifest = {"name": name, "version": version,
                            "description": "%s@%s - synthetic package for pkg benchmarks" % (name, version),
                            "license": "MIT", "main": "index.js"}
                if random.Random("bin:" + name).random() < 0.03:
                    manifest["bin"] = {name.split("/")[-1]: "cli.js"}
                for kind in ("dependencies", "optionalDependencies", "peerDependencies"):
                    if entry[kind]:
                        manifest[kind] = dict(sorted(entry[kind].items()))
                files = version_files(name, version, pool, args.seed)
                files["package.json"] = ((json.dumps(manifest, indent=2) + "\n").encode(), 0o644)
                files["index.js"] = (("'use strict'\nmodule.exports = %s\n" % json.dumps(name + "@" + version)).encode(), 0o644)
                if "bin" in manifest:
                    files["cli.js"] = (b"#!/usr/bin/env node\nconsole.log(require('./index.js'))\n", 0o755)
                tgz = make_tarball(files)
                file_name = "%s-%s.tgz" % (name.replace("/", "+"), version)
                with open(os.path.join(args.out, "tarballs", file_name), "wb") as out:
                    out.write(tgz)
                integrity = "sha512-" + base64.b64encode(hashlib.sha512(tgz).digest()).decode()
                shasum = hashlib.sha1(tgz).hexdigest()
                readme = files["README.md"][0].decode()
                document_manifest = dict(manifest)
                document_manifest.update({
                    "_id": "%s@%s" % (name, version), "readme": readme, "readmeFilename": "README.md",
                    "_nodeVersion": "20.20.2", "_npmVersion": "10.8.2",
                    "dist": {"integrity": integrity, "shasum": shasum,
                             "tarball": "%s%s/-/%s-%s.tgz" % (PLACEHOLDER, name, name, version)},
                })
                document = {
                    "_id": name, "name": name, "description": manifest["description"],
                    "dist-tags": {"latest": version}, "versions": {version: document_manifest},
                    "access": None,
                    "_attachments": {"%s-%s.tgz" % (name, version): {
                        "content_type": "application/octet-stream",
                        "data": base64.b64encode(tgz).decode(), "length": len(tgz)}},
                }
                publish.write(json.dumps(document, separators=(",", ":")).encode() + b"\n")
                unpacked = sum(len(data) for data, _ in files.values())
                table.write("%s\t%s\ttarballs/%s\t%d\t%d\t%d\t0\t0\t%s\n" % (
                    name, version, file_name, len(tgz), unpacked, len(files), integrity))
                stats["versions"] += 1
                stats["dependency_edges"] += len(entry["dependencies"])
                stats["peer_dependency_edges"] += len(entry["peerDependencies"])
                stats["optional_dependency_edges"] += len(entry["optionalDependencies"])
                stats["tarball_bytes_total"] += len(tgz)
                stats["unpacked_bytes_total"] += unpacked
                stats["files_total"] += len(files)
    root = {"name": "synthetic-%d" % args.count, "version": "1.0.0", "private": True,
            "dependencies": dict(sorted(root_deps.items()))}
    if root_dev:
        root["devDependencies"] = dict(sorted(root_dev.items()))
    with open(os.path.join(args.out, "root", "package.json"), "w") as out:
        out.write(json.dumps(root, indent=2) + "\n")
    stats["root_dependencies"] = len(root_deps)
    stats["root_devDependencies"] = len(root_dev)
    stats["seconds"] = round(time.time() - started, 1)
    with open(os.path.join(args.out, "stats.json"), "w") as out:
        out.write(json.dumps(stats, indent=2) + "\n")
    print(json.dumps(stats))


if __name__ == "__main__":
    sys.exit(main())
