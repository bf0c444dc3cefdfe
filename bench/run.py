#!/usr/bin/env python3
"""pkg vs npm (installs) and pkg-registry vs nginx (serving), on one machine, in one run.

    bench/run [--corpus node-tar|uptime-kuma|saleor-dashboard | --synthetic N] [--runs 3]
              [--scenarios 1,2,3,4,5,6,7] [--skip-registry] [--skip-build | --bin DIR]
              [--markdown] [--json FILE] [--keep] [--smoke]

Steps: build release binaries; make a registry seed (../shared/corpus/make_registry_seed.py, or
bench/synthetic.py for --synthetic); start pkg-registry on a temporary data folder on loopback;
publish the seed with load_registry.py (8 concurrent publishers); time the scenarios of issue 6
for pkg and npm alternately, each run under /usr/bin/time -v; run Tests/EndToEndTests/Fixtures/
check-tree.js on every pkg result; measure the registry with wrk against pkg-registry and against
nginx serving the same bytes. See docs/benchmarks.md. Python standard library only.

Exit status: 0 when everything ran and every pkg result passed the checker (or the corpus is
absent: a message and 0), 1 on any failure.
"""

import argparse
import datetime
import json
import os
import platform
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BENCH = os.path.join(REPO, "bench")
CHECKER = os.path.join(REPO, "Tests", "EndToEndTests", "Fixtures", "check-tree.js")
CORPORA = ("node-tar", "uptime-kuma", "saleor-dashboard")
ABBREVIATED = "application/vnd.npm.install-v1+json"
TIME = "/usr/bin/time"

SCENARIOS = {
    1: "clean (no cache, no lockfile, no node_modules)",
    2: "cache only (warm cache, no lockfile)",
    3: "lockfile only (ci, empty cache)",
    4: "cache + lockfile (ci, warm cache)",
    5: "no-op (cache, lockfile, node_modules in place)",
    6: "resolution only (lockfile-only, empty cache)",
    7: "floor for 4: cp -al of node_modules",
}
# npm/pkg ratio each scenario must reach (issue 6); None: reported only.
RATIO_TARGETS = {1: 10.0, 2: None, 3: 8.0, 4: 10.0, 5: 25.0, 6: 20.0}


def log(message):
    print("[bench] " + message, file=sys.stderr, flush=True)


class BenchError(Exception):
    pass


# ----------------------------------------------------------------------------- tools --

def which(name):
    return shutil.which(name)


def ensure_system_tools(need_registry):
    """Installs wrk, nginx and GNU time with apt-get when missing and running as root."""
    wanted = {"time": TIME}
    if need_registry:
        wanted.update({"wrk": "wrk", "nginx": "nginx"})
    missing = [package for package, program in wanted.items()
               if not (os.path.exists(program) if program.startswith("/") else which(program))]
    if not missing:
        return
    if os.geteuid() == 0 and which("apt-get"):
        log("installing %s with apt-get" % " ".join(missing))
        environment = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
        result = subprocess.run(["apt-get", "install", "-y", "--no-install-recommends"] + missing,
                                env=environment, capture_output=True, text=True)
        if result.returncode != 0:
            subprocess.run(["apt-get", "update"], env=environment, capture_output=True)
            subprocess.run(["apt-get", "install", "-y", "--no-install-recommends"] + missing,
                           env=environment, capture_output=True)
    still = [package for package in missing
             if not (os.path.exists(wanted[package]) if wanted[package].startswith("/") else which(wanted[package]))]
    for package in still:
        log("%s is not installed and cannot be installed here (not root or no apt-get): %s" % (package, {
            "time": "peak memory is not measured",
            "wrk": "the registry benchmark is skipped",
            "nginx": "the nginx comparison is skipped"}[package]))


def tool_version(command):
    try:
        result = subprocess.run(command, capture_output=True, text=True, timeout=30)
        text = (result.stdout + result.stderr).strip().splitlines()
        return text[0].strip() if text else "?"
    except (OSError, subprocess.SubprocessError):
        return "absent"


def find_corpus_dir():
    explicit = os.environ.get("PKG_CORPUS_DIR")
    candidates = [explicit] if explicit else []
    directory = REPO
    while True:
        candidates.append(os.path.join(os.path.dirname(directory), "shared", "corpus"))
        parent = os.path.dirname(directory)
        if parent == directory:
            break
        directory = parent
    for candidate in candidates:
        if candidate and os.path.isfile(os.path.join(candidate, "README.md")):
            return candidate
    return None


# How release binaries are built everywhere (scripts/demo too): the Swift runtime and Foundation
# linked statically, which halves pkg's start-up time. One product per call (SwiftPM builds only
# the last of several `--product`s), always with the same flags so nothing is rebuilt in between.
RELEASE_BUILD = ["swift", "build", "-c", "release", "--static-swift-stdlib"]


def build_binaries(args):
    if args.bin:
        bin_dir = os.path.abspath(args.bin)
    elif args.skip_build:
        bin_dir = subprocess.run(RELEASE_BUILD + ["--show-bin-path"], cwd=REPO,
                                 capture_output=True, text=True).stdout.strip()
    else:
        for product in ("pkg", "pkg-registry"):
            log("%s --product %s" % (" ".join(RELEASE_BUILD), product))
            result = subprocess.run(RELEASE_BUILD + ["--product", product], cwd=REPO,
                                    stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
            if result.returncode != 0:
                raise BenchError("swift build failed:\n" + result.stdout[-4000:])
        bin_dir = subprocess.run(RELEASE_BUILD + ["--show-bin-path"], cwd=REPO,
                                 capture_output=True, text=True).stdout.strip()
    binaries = {name: os.path.join(bin_dir, name) for name in ("pkg", "pkg-registry")}
    for name, path in binaries.items():
        if not os.access(path, os.X_OK):
            raise BenchError("`%s` is not built at %s (drop --skip-build or pass --bin DIR)" % (name, path))
    return binaries


# --------------------------------------------------------------------------- seeding --

def make_seed(args, work, corpus_dir):
    seed = os.path.join(work, "seed")
    started = time.time()
    if args.synthetic:
        log("generating a synthetic graph of %d package versions" % args.synthetic)
        command = [sys.executable, os.path.join(BENCH, "synthetic.py"), str(args.synthetic), seed]
        cwd = REPO
    else:
        log("making the %s seed" % args.corpus)
        command = [sys.executable, "make_registry_seed.py", args.corpus, seed]
        cwd = corpus_dir
    result = subprocess.run(command, cwd=cwd, capture_output=True, text=True)
    if result.returncode != 0:
        raise BenchError("seed generation failed:\n" + result.stdout[-2000:] + result.stderr[-2000:])
    with open(os.path.join(seed, "stats.json")) as handle:
        stats = json.load(handle)
    log("seed ready in %.1f s: %s versions of %s names" % (time.time() - started, stats.get("versions"), stats.get("names")))
    return seed, stats


class Registry:
    """A pkg-registry child on 127.0.0.1 with a free port and its own data folder."""

    def __init__(self, binary, work):
        self.binary = binary
        self.data = os.path.join(work, "registry-data")
        os.makedirs(self.data)
        self.log_path = os.path.join(work, "registry.log")
        self.process = None
        self.url = None

    def add_user(self, name, password):
        result = subprocess.run([self.binary, "user", "add", name, "--data", self.data],
                                input=password + "\n", capture_output=True, text=True)
        if result.returncode != 0:
            raise BenchError("pkg-registry user add failed: " + result.stderr)

    def start(self):
        self.process = subprocess.Popen(
            [self.binary, "--data", self.data, "--host", "127.0.0.1", "--port", "0", "--allow-legacy-names"],
            stdout=subprocess.PIPE, stderr=open(self.log_path, "wb"), stdin=subprocess.DEVNULL, text=True)
        line = self.process.stdout.readline().strip()
        if not line.startswith("listening on "):
            self.stop()
            with open(self.log_path) as handle:
                raise BenchError("pkg-registry did not start: %r\n%s" % (line, handle.read()[-2000:]))
        self.url = line[len("listening on "):].rstrip("/")

    def login(self, name, password):
        body = json.dumps({"_id": "org.couchdb.user:" + name, "name": name, "password": password,
                           "type": "user", "roles": [], "date": datetime.datetime.now(datetime.timezone.utc).isoformat()})
        request = urllib.request.Request(self.url + "/-/user/org.couchdb.user:" + name, data=body.encode(),
                                         method="PUT", headers={"Content-Type": "application/json"})
        with urllib.request.urlopen(request, timeout=60) as response:
            token = json.load(response).get("token")
        if not token:
            raise BenchError("login returned no token")
        return token

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


def load_seed(seed, registry, token, corpus_dir, work):
    summary_path = os.path.join(work, "load-summary.json")
    if corpus_dir:
        command = [sys.executable, os.path.join(corpus_dir, "load_registry.py"), seed, "--registry",
                   registry.url + "/", "--token", token, "--concurrency", "8", "--quiet",
                   "--json-summary", summary_path]
        result = subprocess.run(command, capture_output=True, text=True)
        if result.returncode != 0:
            raise BenchError("load_registry.py failed:\n" + result.stdout[-3000:] + result.stderr[-3000:])
        with open(summary_path) as handle:
            return json.load(handle)
    return load_seed_builtin(seed, registry, token)


def load_seed_builtin(seed, registry, token):
    """Publishes publish.jsonl with 8 threads when ../shared (and its loader) is absent."""
    import concurrent.futures
    import http.client
    import threading
    documents = {}
    with open(os.path.join(seed, "publish.jsonl"), "rb") as handle:
        for line in handle:
            line = line.strip()
            if line:
                name = json.loads(line)["name"]
                documents.setdefault(name, []).append(line)
    host, port = registry.url.split("//", 1)[1].split(":")
    local = threading.local()
    replacement = b'"tarball":"' + (registry.url + "/").encode()

    def publish(name):
        if not hasattr(local, "connection"):
            local.connection = http.client.HTTPConnection(host, int(port), timeout=300)
        for body in documents[name]:
            body = body.replace(b'"tarball":"http://registry.invalid/', replacement)
            local.connection.request("PUT", "/" + name.replace("/", "%2f"), body=body, headers={
                "Content-Type": "application/json", "Authorization": "Bearer " + token})
            response = local.connection.getresponse()
            response.read()
            if response.status >= 300:
                raise BenchError("publishing %s failed with %d" % (name, response.status))

    started = time.time()
    total = sum(len(lines) for lines in documents.values())
    with concurrent.futures.ThreadPoolExecutor(8) as pool:
        list(pool.map(publish, documents))
    seconds = time.time() - started
    return {"documents": total, "packages": len(documents), "ok": total, "failed": 0,
            "seconds": round(seconds, 2), "documents_per_second": round(total / seconds, 1), "concurrency": 8}


# -------------------------------------------------------------------------- running --

class Measurement:
    def __init__(self, seconds=None, rss_kb=None, failure=None, cpu=None):
        self.seconds = seconds
        self.rss_kb = rss_kb
        self.failure = failure
        self.cpu = cpu  # user + system seconds, from /usr/bin/time


def run_timed(command, cwd, environment, work, timeout=3600):
    """Runs `command` under /usr/bin/time -v; returns (Measurement, output)."""
    time_file = os.path.join(work, "time-v.txt")
    full = ([TIME, "-v", "-o", time_file] + command) if os.path.exists(TIME) else command
    # Untimed: write back what the setup and the previous run (often the other tool's) left
    # dirty, so no run pays for another's files; pkg waits for a sync(2) of its store.
    os.sync()
    started = time.perf_counter()
    try:
        result = subprocess.run(full, cwd=cwd, env=environment, stdout=subprocess.PIPE,
                                stderr=subprocess.STDOUT, text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        return Measurement(failure="timed out after %d s" % timeout), ""
    seconds = time.perf_counter() - started
    rss = cpu = None
    if os.path.exists(TIME) and os.path.exists(time_file):
        with open(time_file) as handle:
            text = handle.read()
        match = re.search(r"Maximum resident set size \(kbytes\): (\d+)", text)
        rss = int(match.group(1)) if match else None
        user = re.search(r"User time \(seconds\): ([\d.]+)", text)
        system = re.search(r"System time \(seconds\): ([\d.]+)", text)
        cpu = float(user.group(1)) + float(system.group(1)) if user and system else None
        os.unlink(time_file)
    if result.returncode != 0:
        return Measurement(failure="exit %d" % result.returncode), result.stdout
    return Measurement(seconds, rss, cpu=cpu), result.stdout


def run_quiet(command, cwd, environment, what, timeout=3600):
    result = subprocess.run(command, cwd=cwd, env=environment, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, text=True, timeout=timeout)
    if result.returncode != 0:
        raise BenchError("%s failed (exit %d):\n%s" % (what, result.returncode, result.stdout[-3000:]))
    return result.stdout


def copy_tree(source, destination):
    subprocess.run(["cp", "-a", source, destination], check=True)


def remove_tree(path):
    if os.path.lexists(path):
        subprocess.run(["rm", "-rf", path], check=False)


# Below this much free space the trash is emptied between runs after all.
TRASH_FREE_BYTES_MIN = 8 << 30


def set_aside(path, work):
    """Moves a finished run's folder into `work/trash` instead of deleting it; `main` deletes the
    whole work folder at the end.

    Deleting a tree right before the next timed run makes that run pay for it: on ext4 without a
    journal (this machine's root file system), allocating an inode skips every inode of its group
    freed in the last 5 s, or 300 s while its inode-table block is dirty, with a buffer lookup
    for each one, so the first ~7,000 files created after deleting ~7,000 took 5.7 s here instead
    of 0.3 s. Both tools would be measured mostly on the harness's own cleanup.
    """
    if not os.path.lexists(path):
        return
    trash = os.path.join(work, "trash")
    os.makedirs(trash, exist_ok=True)
    if shutil.disk_usage(work).free < TRASH_FREE_BYTES_MIN:
        remove_tree(trash)
        os.makedirs(trash, exist_ok=True)
    os.rename(path, os.path.join(trash, "%s-%d" % (os.path.basename(path), time.monotonic_ns())))


class Tool:
    """How one package manager is invoked: install / ci / lockfile-only, with its own cache."""

    def __init__(self, name, binary, registry_url, home, lockfile):
        self.name = name
        self.binary = binary
        self.registry_url = registry_url
        self.home = home
        self.lockfile = lockfile

    def environment(self, cache):
        environment = {key: value for key, value in os.environ.items()
                       if not key.lower().startswith("npm_config_") and key != "PKG_CACHE_DIR"}
        environment["HOME"] = self.home
        environment["npm_config_userconfig"] = os.path.join(self.home, ".npmrc")
        environment["PKG_CACHE_DIR"] = cache
        return environment

    def command(self, action, cache):
        if self.name == "pkg":
            verb = {"install": ["install"], "ci": ["ci"], "lockfile-only": ["install", "--lockfile-only"]}[action]
            extra = [] if action == "lockfile-only" else ["--ignore-scripts"]
            return [self.binary] + verb + ["--registry", self.registry_url + "/", "--cache", cache] + extra
        verb = {"install": ["install"], "ci": ["ci"], "lockfile-only": ["install", "--package-lock-only"]}[action]
        return [self.binary] + verb + ["--registry", self.registry_url + "/", "--cache", cache,
                                       "--no-audit", "--no-fund", "--ignore-scripts",
                                       "--userconfig", os.path.join(self.home, ".npmrc")]


class Checker:
    """Runs check-tree.js (by path, from the repository) on an installed project."""

    def __init__(self, node, semver, legacy_peers):
        self.node = node
        self.semver = semver
        self.legacy_peers = legacy_peers

    def check(self, project, expect_packages):
        """Returns None when the tree passes, else a one-line reason."""
        if not self.node:
            return None
        result = subprocess.run([self.node, CHECKER, project, self.semver], capture_output=True, text=True)
        if result.returncode != 0:
            return "check-tree.js exited %d: %s" % (result.returncode, result.stderr.strip()[-300:])
        try:
            report = json.loads(result.stdout)
        except ValueError:
            return "check-tree.js printed no report"
        failures = report.get("failures", [])
        if self.legacy_peers:  # the project's .npmrc says legacy-peer-deps: peers are not installed
            failures = [failure for failure in failures if failure.get("kind") != "peerDependencies"]
        if failures:
            first = failures[0]
            return "%d broken edges, e.g. %s (%s) %s `%s@%s`: %s" % (
                len(failures), first.get("from"), first.get("folder"), first.get("kind"),
                first.get("dependency"), first.get("spec"), first.get("problem"))
        if expect_packages and report.get("packages", 0) == 0:
            return "nothing installed"
        return None


class Bench:
    def __init__(self, args, work, seed, registry_url, binaries):
        self.args = args
        self.work = work
        self.seed = seed
        self.home = os.path.join(work, "home")
        os.makedirs(self.home, exist_ok=True)
        open(os.path.join(self.home, ".npmrc"), "w").close()
        self.tools = [Tool("pkg", binaries["pkg"], registry_url, self.home, "pkg.lock")]
        npm = which("npm")
        if npm:
            self.tools.append(Tool("npm", npm, registry_url, self.home, "package-lock.json"))
        else:
            log("npm is not on PATH: timing pkg alone, no ratios")
        node = which("node")
        semver = ""
        if node and npm:
            root = subprocess.run([npm, "root", "-g"], capture_output=True, text=True).stdout.strip()
            semver = os.path.join(root, "npm", "node_modules", "semver")
        if not node or not os.path.isfile(os.path.join(semver, "package.json")):
            log("node or node-semver is absent: pkg results are NOT checked")
            node = None
        legacy = False
        npmrc = os.path.join(seed, "root", ".npmrc")
        if os.path.exists(npmrc):
            legacy = bool(re.search(r"^\s*legacy-peer-deps\s*=\s*true", open(npmrc).read(), re.M))
        self.checker = Checker(node, semver, legacy)
        with open(os.path.join(seed, "root", "package.json")) as handle:
            manifest = json.load(handle)
        self.expect_packages = bool(manifest.get("dependencies") or manifest.get("devDependencies"))
        self.golden = {}
        self.results = {}  # scenario -> tool -> [Measurement]
        self.notes = []
        self.failed = False

    def fresh_project(self, path, with_lockfile_of=None):
        os.makedirs(path)
        for entry in os.listdir(os.path.join(self.seed, "root")):
            if entry == "package-lock.json":
                continue
            shutil.copy2(os.path.join(self.seed, "root", entry), os.path.join(path, entry))
        if with_lockfile_of is not None:
            tool = with_lockfile_of
            shutil.copy2(os.path.join(self.golden[tool.name]["project"], tool.lockfile), os.path.join(path, tool.lockfile))

    def prepare_golden(self, tool):
        """One untimed install: the lockfile, the finished tree and the warm cache later runs copy."""
        base = os.path.join(self.work, "golden-" + tool.name)
        project, cache = os.path.join(base, "project"), os.path.join(base, "cache")
        os.makedirs(cache)
        self.fresh_project(project)
        log("%s: preparing lockfile and warm cache (untimed install)" % tool.name)
        run_quiet(tool.command("install", cache), project, tool.environment(cache), "%s install" % tool.name)
        if not os.path.exists(os.path.join(project, tool.lockfile)):
            raise BenchError("%s install wrote no %s" % (tool.name, tool.lockfile))
        self.golden[tool.name] = {"project": project, "cache": cache}
        if tool.name == "pkg":
            problem = self.checker.check(project, self.expect_packages)
            if problem:
                self.notes.append("pkg's first install fails the checker: " + problem)

    def one_run(self, scenario, tool, index):
        """Sets up one run of `scenario` for `tool`, times it, checks pkg's result."""
        run_dir = os.path.join(self.work, "runs", "%d-%s-%d" % (scenario, tool.name, index))
        project, cache = os.path.join(run_dir, "project"), os.path.join(run_dir, "cache")
        os.makedirs(run_dir)
        golden = self.golden[tool.name]
        environment = tool.environment(cache)
        try:
            if scenario in (2, 4, 5):
                copy_tree(golden["cache"], cache)
            else:
                os.makedirs(cache)
            lockfile_of = tool if scenario in (3, 4, 5) else None
            self.fresh_project(project, lockfile_of)
            action = {1: "install", 2: "install", 3: "ci", 4: "ci", 5: "install", 6: "lockfile-only"}[scenario]
            if scenario == 5:
                run_quiet(tool.command("install", cache), project, environment, "%s install (no-op setup)" % tool.name)
            measurement, output = run_timed(tool.command(action, cache), project, environment, self.work)
            if measurement.failure:
                measurement.failure = "%s %s: %s: %s" % (tool.name, action, measurement.failure, output.strip()[-400:])
            elif tool.name == "pkg":
                if scenario == 6:
                    # The result is pkg.lock: install from it (untimed), then check that tree.
                    if not os.path.exists(os.path.join(project, "pkg.lock")):
                        measurement.failure = "pkg install --lockfile-only wrote no pkg.lock"
                    elif os.path.exists(os.path.join(project, "node_modules")):
                        measurement.failure = "pkg install --lockfile-only touched node_modules"
                    else:
                        run_quiet(tool.command("ci", cache), project, environment, "pkg ci (checking scenario 6)")
                problem = measurement.failure or self.checker.check(project, self.expect_packages)
                if problem:
                    measurement.failure = problem
            return measurement
        except BenchError as error:
            return Measurement(failure=str(error))
        finally:
            if not self.args.keep:
                set_aside(run_dir, self.work)

    def floor_run(self, index):
        source = os.path.join(self.work, "floor-source")
        if not os.path.exists(source):
            os.makedirs(source)
            copy_tree(os.path.join(self.golden["pkg"]["project"], "node_modules"), os.path.join(source, "node_modules"))
        destination = os.path.join(self.work, "floor-copy-%d" % index)
        os.makedirs(destination)
        measurement, output = run_timed(["cp", "-al", os.path.join(source, "node_modules"),
                                         os.path.join(destination, "node_modules")], destination, os.environ, self.work)
        if measurement.failure:
            measurement.failure = "cp -al: " + output
        set_aside(destination, self.work)
        return measurement

    def run_scenarios(self):
        if not self.args.scenario_list:
            return
        for tool in self.tools:
            self.prepare_golden(tool)
        for scenario in self.args.scenario_list:
            self.results[scenario] = {}
            if scenario == 7:
                self.results[7]["cp -al"] = [self.floor_run(i) for i in range(self.args.runs)]
                self.report_progress(7)
                continue
            for index in range(self.args.runs):
                order = self.tools if index % 2 == 0 else list(reversed(self.tools))
                for tool in order:
                    measurement = self.one_run(scenario, tool, index)
                    self.results[scenario].setdefault(tool.name, []).append(measurement)
                    if measurement.failure:
                        log("scenario %d, %s run %d FAILED: %s" % (scenario, tool.name, index + 1, measurement.failure[:600]))
                        self.failed = True
            self.report_progress(scenario)

    def report_progress(self, scenario):
        parts = []
        for tool, measurements in self.results[scenario].items():
            parts.append("%s %s" % (tool, format_cell(summarize(measurements))))
        log("scenario %d (%s): %s" % (scenario, SCENARIOS[scenario], "; ".join(parts)))


# -------------------------------------------------------------------------- summary --

def summarize(measurements):
    if not measurements:
        return None
    failures = [m.failure for m in measurements if m.failure]
    if failures:
        return {"failed": failures[0]}
    times = [m.seconds for m in measurements]
    rss = [m.rss_kb for m in measurements if m.rss_kb]
    cpu = [m.cpu for m in measurements if m.cpu is not None]
    return {"median": statistics.median(times), "min": min(times), "max": max(times), "runs": len(times),
            "rss_kb": max(rss) if rss else None, "cpu": statistics.median(cpu) if cpu else None}


def format_seconds(seconds):
    return "%.0f ms" % (seconds * 1000) if seconds < 1 else "%.2f s" % seconds


def format_cell(summary):
    if summary is None:
        return "-"
    if "failed" in summary:
        return "FAILED"
    return "%s (%s-%s)" % (format_seconds(summary["median"]), format_seconds(summary["min"]), format_seconds(summary["max"]))


def format_rss(summary):
    if not summary or "failed" in summary or not summary.get("rss_kb"):
        return "-"
    return "%.0f MB" % (summary["rss_kb"] / 1024)


def format_cpu(summary):
    if not summary or "failed" in summary or summary.get("cpu") is None:
        return "-"
    return format_seconds(summary["cpu"])


def cpu_ratio(row):
    pkg, npm = row["pkg"], row["npm"]
    if not pkg or not npm or "failed" in pkg or "failed" in npm or not pkg.get("cpu") or npm.get("cpu") is None:
        return "-"
    return "%.1fx" % (npm["cpu"] / pkg["cpu"])


def scenario_rows(results):
    rows = []
    floor = summarize(results.get(7, {}).get("cp -al", []))
    for scenario, by_tool in results.items():
        pkg = summarize(by_tool.get("pkg", [])) if scenario != 7 else summarize(by_tool.get("cp -al", []))
        npm = summarize(by_tool.get("npm", []))
        ratio = None
        if scenario != 7 and pkg and npm and "failed" not in pkg and "failed" not in npm:
            ratio = npm["median"] / pkg["median"]
        verdicts = []
        target = RATIO_TARGETS.get(scenario)
        if target is not None:
            verdicts.append(("npm/pkg >= %gx" % target, None if ratio is None else ratio >= target))
        if scenario == 4 and floor and "failed" not in floor and pkg and "failed" not in pkg:
            verdicts.append(("<= 1.5x floor (%.1fx)" % (pkg["median"] / floor["median"]), pkg["median"] <= 1.5 * floor["median"]))
        if scenario == 5 and pkg and "failed" not in pkg:
            verdicts.append(("< 50 ms", pkg["median"] < 0.05))
        if scenario != 7 and pkg and npm and pkg.get("rss_kb") and npm.get("rss_kb"):
            verdicts.append(("RSS <= npm/2", pkg["rss_kb"] <= npm["rss_kb"] / 2))
        if pkg and "failed" in pkg:
            verdicts.append(("checker", False))
        rows.append({"scenario": scenario, "name": SCENARIOS[scenario], "pkg": pkg, "npm": npm, "ratio": ratio,
                     "verdicts": verdicts})
    return rows


def verdict_text(verdicts):
    words = []
    for label, holds in verdicts:
        words.append("%s: %s" % (label, "n/a" if holds is None else ("yes" if holds else "**no**")))
    return "; ".join(words) if words else "-"


def machine_info(binaries, corpus_label, stats):
    memory = "?"
    try:
        with open("/proc/meminfo") as handle:
            kb = int(re.search(r"MemTotal:\s+(\d+)", handle.read()).group(1))
            memory = "%.1f GiB" % (kb / 1024 / 1024)
    except (OSError, AttributeError):
        pass
    cpu = "?"
    try:
        with open("/proc/cpuinfo") as handle:
            match = re.search(r"model name\s*:\s*(.+)", handle.read())
            cpu = match.group(1).strip() if match else "?"
    except OSError:
        pass
    return {
        "date": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        "nproc": os.cpu_count(), "cpu": cpu, "memory": memory, "kernel": platform.release(),
        "corpus": corpus_label, "versions": stats.get("versions"), "names": stats.get("names"),
        "pkg": tool_version([binaries["pkg"], "--version"]),
        "npm": tool_version(["npm", "--version"]) if which("npm") else "absent",
        "node": tool_version(["node", "--version"]) if which("node") else "absent",
        "nginx": tool_version(["nginx", "-v"]) if which("nginx") else "absent",
        "wrk": tool_version(["wrk", "-v"]) if which("wrk") else "absent",
        "load": open("/proc/loadavg").read().split()[0] if os.path.exists("/proc/loadavg") else "?",
    }


def render(machine, rows, load, registry_rows, markdown, runs):
    lines = []
    if markdown:
        lines.append("### %s (%s versions, %s names), %s" % (machine["corpus"], machine["versions"], machine["names"], machine["date"]))
        lines.append("")
        lines.append("Machine: %s cores (%s), %s RAM, Linux %s, load average %s at the end. pkg %s, npm %s, node %s, %s, wrk %s. %d runs per tool, alternating." % (
            machine["nproc"], machine["cpu"], machine["memory"], machine["kernel"], machine["load"], machine["pkg"],
            machine["npm"], machine["node"], machine["nginx"], machine["wrk"].split(" [")[0], runs))
        lines.append("")
        if rows:
            lines.append("| # | scenario | pkg wall median (min-max) | npm wall median (min-max) | npm/pkg wall | pkg CPU | npm CPU | npm/pkg CPU | pkg peak RSS | npm peak RSS | targets (on wall ratio) |")
            lines.append("|---|---|---|---|---|---|---|---|---|---|---|")
            for row in rows:
                lines.append("| %d | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |" % (
                    row["scenario"], row["name"], format_cell(row["pkg"]), format_cell(row["npm"]),
                    "%.1fx" % row["ratio"] if row["ratio"] else "-", format_cpu(row["pkg"]), format_cpu(row["npm"]),
                    cpu_ratio(row), format_rss(row["pkg"]), format_rss(row["npm"]), verdict_text(row["verdicts"])))
            lines.append("")
        if load:
            lines.append("Publishing the seed with 8 concurrent publishers: %s documents in %.1f s = **%.1f versions/s** (target >= 100: %s)." % (
                load["documents"], load["seconds"], load["documents_per_second"],
                "yes" if load["documents_per_second"] >= 100 else "**no**"))
            lines.append("")
        if registry_rows:
            lines.append("| GET (wrk, 2 threads, 64 connections; median of %s alternating runs) | server | requests/s (min-max) | p99 | vs nginx | targets |"
                         % (registry_rows[0].get("runs", 1)))
            lines.append("|---|---|---|---|---|---|")
            for row in registry_rows:
                lines.append("| %s | %s | %s | %s | %s | %s |" % (row["what"], row["server"],
                             ("%.0f (%.0f-%.0f)" % (row["rps"], row["rps_min"], row["rps_max"])) if row.get("rps") else row.get("error", "-"),
                             "%.1f ms" % row["p99_ms"] if row.get("p99_ms") is not None else "-",
                             "%.2fx" % row["vs_nginx"] if row.get("vs_nginx") else "-", row.get("verdict", "-")))
            lines.append("")
    else:
        lines.append("corpus %s (%s versions), %s, %s cores, %s, Linux %s" % (
            machine["corpus"], machine["versions"], machine["date"], machine["nproc"], machine["memory"], machine["kernel"]))
        header = "%-50s %-28s %-28s %-8s %-8s %-8s %-8s %-8s %-8s %s"
        lines.append(header % ("scenario", "pkg wall median (min-max)", "npm wall median (min-max)",
                               "npm/pkg", "pkg CPU", "npm CPU", "CPU x", "pkg RSS", "npm RSS", "targets"))
        for row in rows:
            lines.append(header % (
                "%d %s" % (row["scenario"], row["name"]), format_cell(row["pkg"]), format_cell(row["npm"]),
                "%.1fx" % row["ratio"] if row["ratio"] else "-", format_cpu(row["pkg"]), format_cpu(row["npm"]),
                cpu_ratio(row), format_rss(row["pkg"]), format_rss(row["npm"]),
                verdict_text(row["verdicts"]).replace("**", "")))
        if load:
            lines.append("publish: %s documents in %.1f s = %.1f versions/s (8 publishers)" % (
                load["documents"], load["seconds"], load["documents_per_second"]))
        for row in registry_rows:
            lines.append("GET %-22s %-13s %10s req/s  p99 %s  %s %s" % (
                row["what"], row["server"], "%.0f" % row["rps"] if row.get("rps") else row.get("error", "-"),
                "%.1f ms" % row["p99_ms"] if row.get("p99_ms") is not None else "-",
                "%.2fx nginx" % row["vs_nginx"] if row.get("vs_nginx") else "", row.get("verdict", "").replace("**", "")))
    for row in rows:
        for tool in ("pkg", "npm"):
            if row[tool] and "failed" in row[tool]:
                lines.append("%sscenario %d, %s FAILED: %s" % ("- " if markdown else "", row["scenario"], tool,
                                                              row[tool]["failed"][:300].replace("\n", " ")))
    return "\n".join(lines)


# ------------------------------------------------------------------------- registry --

def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def fetch(url, accept=None):
    request = urllib.request.Request(url, headers={"Accept": accept} if accept else {})
    with urllib.request.urlopen(request, timeout=60) as response:
        return response.read()


def pick_targets(seed, registry_url):
    """The name with the most versions (its abbreviated packument) and a median-size tarball."""
    rows = []
    with open(os.path.join(seed, "packages.tsv")) as handle:
        next(handle)
        for line in handle:
            fields = line.rstrip("\n").split("\t")
            rows.append((fields[0], fields[1], int(fields[3])))
    counts = {}
    for name, _, _ in rows:
        counts[name] = counts.get(name, 0) + 1
    packument_name = max(sorted(counts), key=lambda name: counts[name])
    by_size = sorted(rows, key=lambda row: (row[2], row[0]))
    tarball_name, tarball_version, tarball_size = by_size[len(by_size) // 2]
    encoded = lambda name: name.replace("/", "%2f")
    packument_url = registry_url + "/" + encoded(packument_name)
    abbreviated = json.loads(fetch(registry_url + "/" + encoded(tarball_name), ABBREVIATED))
    tarball_url = abbreviated["versions"][tarball_version]["dist"]["tarball"]
    return {"packument_name": packument_name, "packument_versions": counts[packument_name], "packument_url": packument_url,
            "tarball": "%s@%s" % (tarball_name, tarball_version), "tarball_size": tarball_size, "tarball_url": tarball_url}


def run_wrk(url, duration, accept=None):
    command = ["wrk", "-t2", "-c64", "-d%ds" % duration, "--latency"]
    if accept:
        command += ["-H", "Accept: " + accept]
    result = subprocess.run(command + [url], capture_output=True, text=True, timeout=duration + 60)
    text = result.stdout
    out = {"raw": text}
    match = re.search(r"Requests/sec:\s+([\d.]+)", text)
    if match:
        out["rps"] = float(match.group(1))
    match = re.search(r"^\s+99%\s+([\d.]+)(us|ms|s)\s*$", text, re.M)
    if match:
        out["p99_ms"] = float(match.group(1)) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[match.group(2)]
    match = re.search(r"Non-2xx or 3xx responses: (\d+)", text)
    if match:
        out["error"] = "%s non-2xx responses" % match.group(1)
    if "rps" not in out:
        out["error"] = "wrk failed: " + (result.stderr or text)[-300:]
    return out


def median_wrk(runs):
    """One row from several wrk runs of one server: median requests/s and p99, with the range."""
    errors = [run["error"] for run in runs if run.get("error")]
    if errors:
        return {"error": errors[0], "runs": len(runs)}
    rates = sorted(run["rps"] for run in runs)
    p99s = sorted(run["p99_ms"] for run in runs if run.get("p99_ms") is not None)
    out = {"rps": statistics.median(rates), "rps_min": rates[0], "rps_max": rates[-1], "runs": len(runs)}
    if p99s:
        out["p99_ms"] = statistics.median(p99s)
    return out


class Nginx:
    def __init__(self, work):
        self.prefix = os.path.join(work, "nginx")
        self.root = os.path.join(self.prefix, "html")
        os.makedirs(os.path.join(self.prefix, "tmp"))
        os.makedirs(os.path.join(self.prefix, "logs"))
        os.makedirs(self.root)
        self.port = free_port()
        self.process = None

    def start(self):
        user = "user root;\n" if os.geteuid() == 0 else ""
        temp = os.path.join(self.prefix, "tmp")
        config = """%sdaemon off;
worker_processes auto;
pid %s/nginx.pid;
error_log %s/logs/error.log warn;
events { worker_connections 4096; }
http {
    types { application/octet-stream tgz; %s json; }
    default_type application/octet-stream;
    access_log %s/logs/access.log;
    sendfile on;
    tcp_nopush on;
    keepalive_requests 1000000;
    client_body_temp_path %s/body;
    proxy_temp_path %s/proxy;
    fastcgi_temp_path %s/fastcgi;
    uwsgi_temp_path %s/uwsgi;
    scgi_temp_path %s/scgi;
    server {
        listen 127.0.0.1:%d;
        root %s;
        location / { }
    }
}
""" % (user, self.prefix, self.prefix, ABBREVIATED, self.prefix, temp, temp, temp, temp, temp, self.port, self.root)
        path = os.path.join(self.prefix, "nginx.conf")
        with open(path, "w") as handle:
            handle.write(config)
        self.process = subprocess.Popen(["nginx", "-p", self.prefix + "/", "-c", path, "-e", os.path.join(self.prefix, "logs", "error.log")],
                                        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        for _ in range(100):
            if self.process.poll() is not None:
                raise BenchError("nginx exited: " + self.process.stderr.read().decode()[-1000:])
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.2):
                    return
            except OSError:
                time.sleep(0.1)
        raise BenchError("nginx did not start listening")

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGQUIT)
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


def registry_benchmark(seed, registry_url, work, duration, cleanup, wrk_runs=3):
    if not which("wrk"):
        log("wrk is absent: registry benchmark skipped")
        return []
    targets = pick_targets(seed, registry_url)
    log("registry: wrk on packument of %s (%d versions) and tarball %s (%d bytes)" % (
        targets["packument_name"], targets["packument_versions"], targets["tarball"], targets["tarball_size"]))
    packument_bytes = fetch(targets["packument_url"], ABBREVIATED)
    tarball_bytes = fetch(targets["tarball_url"])
    rows = []
    nginx = None
    if which("nginx"):
        nginx = Nginx(work)
        with open(os.path.join(nginx.root, "packument.json"), "wb") as handle:
            handle.write(packument_bytes)
        with open(os.path.join(nginx.root, "tarball.tgz"), "wb") as handle:
            handle.write(tarball_bytes)
        try:
            nginx.start()
            cleanup.append(nginx.stop)
        except BenchError as error:
            log("nginx comparison skipped: %s" % error)
            nginx = None
    else:
        log("nginx is absent: no nginx comparison")
    cases = [("abbreviated packument (%d B)" % len(packument_bytes), targets["packument_url"], ABBREVIATED, "packument.json", 0.5),
             ("tarball (%d B)" % len(tarball_bytes), targets["tarball_url"], None, "tarball.tgz", 0.8)]
    for what, url, accept, static_name, target in cases:
        static_url = None
        if nginx:
            static_url = "http://127.0.0.1:%d/%s" % (nginx.port, static_name)
            if fetch(static_url) != fetch(url, accept):
                log("warning: nginx serves different bytes than pkg-registry for %s" % what)
        # Alternating runs, medians: on a shared 2-core machine one run of either server can
        # be off by a third.
        our_runs, their_runs = [], []
        for _ in range(wrk_runs):
            our_runs.append(run_wrk(url, duration, accept))
            if static_url:
                their_runs.append(run_wrk(static_url, duration, accept))
        ours = median_wrk(our_runs)
        ours.update({"what": what, "server": "pkg-registry"})
        theirs = None
        if static_url:
            theirs = median_wrk(their_runs)
            theirs.update({"what": what, "server": "nginx (static)"})
        verdicts = []
        if ours.get("p99_ms") is not None:
            verdicts.append("p99 < 20 ms: %s" % ("yes" if ours["p99_ms"] < 20 else "**no**"))
        if theirs and ours.get("rps") and theirs.get("rps"):
            ours["vs_nginx"] = ours["rps"] / theirs["rps"]
            verdicts.insert(0, ">= %.1fx nginx: %s" % (target, "yes" if ours["vs_nginx"] >= target else "**no**"))
        ours["verdict"] = "; ".join(verdicts)
        rows.append(ours)
        if theirs:
            rows.append(theirs)
        log("GET %s: pkg-registry %s req/s p99 %s ms%s" % (what, ours.get("rps"), ours.get("p99_ms"),
            (", nginx %s req/s p99 %s ms" % (theirs.get("rps"), theirs.get("p99_ms"))) if theirs else ""))
    if nginx:
        nginx.stop()
    return rows


# ----------------------------------------------------------------------------- main --

def parse_arguments():
    parser = argparse.ArgumentParser(prog="bench/run", description=__doc__.split("\n\n")[0])
    source = parser.add_mutually_exclusive_group()
    source.add_argument("--corpus", choices=CORPORA, help="a real graph from ../shared/corpus (default node-tar)")
    source.add_argument("--synthetic", type=int, metavar="N", help="a synthetic graph of N package versions (bench/synthetic.py)")
    parser.add_argument("--runs", type=int, default=3, help="timed runs per tool and scenario (default 3)")
    parser.add_argument("--scenarios", default="1,2,3,4,5,6,7",
                        help="which scenarios, e.g. 1,5 (default all; 'none' for the registry benchmark alone)")
    parser.add_argument("--skip-registry", action="store_true", help="no wrk/nginx registry benchmark")
    parser.add_argument("--skip-build", action="store_true", help="use the release binaries already built")
    parser.add_argument("--bin", metavar="DIR", help="take pkg and pkg-registry from DIR (implies --skip-build)")
    parser.add_argument("--markdown", action="store_true", help="print the results as markdown for docs/benchmarks.md")
    parser.add_argument("--json", metavar="FILE", help="also write all results as JSON")
    parser.add_argument("--wrk-seconds", type=int, default=10, help="duration of each wrk run (default 10)")
    parser.add_argument("--wrk-runs", type=int, default=3, help="wrk runs per server and request, alternating (default 3)")
    parser.add_argument("--keep", action="store_true", help="keep the temporary work folder")
    parser.add_argument("--smoke", action="store_true",
                        help="quick self-test: --synthetic 30 --runs 1 --scenarios 1,5 --skip-registry")
    args = parser.parse_args()
    if args.smoke:
        if not args.corpus and not args.synthetic:
            args.synthetic = 30
        args.runs = 1
        args.scenarios = "1,5"
        args.skip_registry = True
    if not args.corpus and not args.synthetic:
        args.corpus = "node-tar"
    try:
        parts = [] if args.scenarios.strip().lower() == "none" else args.scenarios.split(",")
        args.scenario_list = sorted({int(part) for part in parts if part.strip()})
    except ValueError:
        parser.error("--scenarios takes numbers 1-7 separated by commas")
    if any(s not in SCENARIOS for s in args.scenario_list):
        parser.error("--scenarios takes numbers 1-7 separated by commas")
    if args.runs < 1:
        parser.error("--runs must be at least 1")
    return args


def main():
    args = parse_arguments()
    started = time.time()
    corpus_dir = find_corpus_dir()
    if args.corpus and not corpus_dir:
        print("bench/run: ../shared/corpus is absent (set PKG_CORPUS_DIR); skipping the %s benchmark" % args.corpus)
        return 0
    if args.corpus and not os.path.isfile(os.path.join(corpus_dir, args.corpus, "package-lock.json")):
        print("bench/run: corpus `%s` is not in %s; skipping" % (args.corpus, corpus_dir))
        return 0
    ensure_system_tools(need_registry=not args.skip_registry)
    try:
        binaries = build_binaries(args)
    except BenchError as error:
        log("error: %s" % error)
        return 1
    work = tempfile.mkdtemp(prefix="pkg-bench-")
    cleanup = []
    registry = None
    try:
        seed, stats = make_seed(args, work, corpus_dir)
        registry = Registry(binaries["pkg-registry"], work)
        registry.add_user("bench", "bench-password-1")
        registry.start()
        cleanup.append(registry.stop)
        token = registry.login("bench", "bench-password-1")
        log("pkg-registry at %s; publishing the seed (8 publishers)" % registry.url)
        load = load_seed(seed, registry, token, corpus_dir, work)
        log("published %s documents in %s s: %s/s" % (load["documents"], load["seconds"], load["documents_per_second"]))
        failed = bool(load.get("failed"))

        bench = Bench(args, work, seed, registry.url, binaries)
        bench.run_scenarios()
        failed = failed or bench.failed
        for note in bench.notes:
            log(note)

        registry_rows = []
        if not args.skip_registry:
            registry_rows = registry_benchmark(seed, registry.url, work, args.wrk_seconds, cleanup, args.wrk_runs)
            failed = failed or any(row.get("error") for row in registry_rows)

        label = args.corpus or "synthetic-%d" % args.synthetic
        machine = machine_info(binaries, label, stats)
        rows = scenario_rows(bench.results)
        print(render(machine, rows, load, registry_rows, args.markdown, args.runs))
        if args.json:
            with open(args.json, "w") as handle:
                json.dump({"machine": machine, "load": load, "seed": stats,
                           "scenarios": [{key: row[key] for key in ("scenario", "name", "pkg", "npm", "ratio", "verdicts")} for row in rows],
                           "registry": [{key: value for key, value in row.items() if key != "raw"} for row in registry_rows]},
                          handle, indent=2)
        log("done in %.0f s%s" % (time.time() - started, ", with FAILURES" if failed else ""))
        return 1 if failed else 0
    except BenchError as error:
        log("error: %s" % error)
        return 1
    finally:
        for stop in reversed(cleanup):
            try:
                stop()
            except Exception:  # best effort on the way out
                pass
        if args.keep:
            log("kept %s" % work)
        else:
            remove_tree(work)


if __name__ == "__main__":
    sys.exit(main())
