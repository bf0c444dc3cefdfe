#!/usr/bin/env node
// Checks an installed node_modules tree the way Node sees it: for every installed package folder
// (nested and scoped included) and every entry of its package.json `dependencies`,
// `optionalDependencies` and `peerDependencies`, `require.resolve(dep + '/package.json')` from
// that folder must find a package whose version satisfies the range (`npm:` aliases name the
// real package). The project's own dependencies and devDependencies are checked too. Optional dependencies and optional peers that are not installed are skipped.
// An edge the project's top-level `overrides` replaces (`"resolve": "1.20.0"`, or `{".": spec}`,
// `$name` meaning the root's own spec for `name`) is checked against the override, as npm
// checks it; nested override selectors are not interpreted.
//
// Usage: node check-tree.js <project> [<semver module path>]
// Prints {"packages": N, "edges": N, "skipped": N, "failures": [...], "versions": {...}} as JSON;
// `versions` maps each installed folder (relative to the project) to `name@version`.
'use strict';
const fs = require('fs');
const path = require('path');
const Module = require('module');

const project = path.resolve(process.argv[2] || '.');
const semverPath = process.argv[3] || 'semver';
const semver = require(semverPath);

function readJSON(file) {
  return JSON.parse(fs.readFileSync(file, 'utf8'));
}

// Every package folder under `nodeModules`, recursively through nested node_modules.
function packageFolders(nodeModules, out) {
  let entries;
  try {
    entries = fs.readdirSync(nodeModules, { withFileTypes: true });
  } catch {
    return out;
  }
  for (const entry of entries) {
    if (entry.name.startsWith('.')) continue;
    const full = path.join(nodeModules, entry.name);
    if (entry.name.startsWith('@')) {
      for (const scoped of fs.readdirSync(full, { withFileTypes: true })) {
        visit(path.join(full, scoped.name), out);
      }
    } else {
      visit(full, out);
    }
  }
  return out;
}

function visit(folder, out) {
  let stat;
  try {
    stat = fs.statSync(folder);
  } catch {
    return;
  }
  if (!stat.isDirectory() || !fs.existsSync(path.join(folder, 'package.json'))) return;
  out.push(folder);
  packageFolders(path.join(folder, 'node_modules'), out);
}

// `npm:name@range` → {name, range}; anything else keeps the dependency's own name.
function target(dependency, spec) {
  if (typeof spec === 'string' && spec.startsWith('npm:')) {
    const rest = spec.slice(4);
    const at = rest.indexOf('@', 1);
    return at < 0 ? { name: rest, range: '*' } : { name: rest.slice(0, at), range: rest.slice(at + 1) || '*' };
  }
  return { name: dependency, range: spec };
}

// Node's own lookup. A package whose `exports` hides `./package.json` makes require.resolve
// refuse it after finding it; then search the same node_modules folders Node searched.
function resolveFrom(folder, dependency) {
  try {
    return require.resolve(dependency + '/package.json', { paths: [folder] });
  } catch (error) {
    if (error.code !== 'ERR_PACKAGE_PATH_NOT_EXPORTED') return null;
  }
  for (const nodeModules of Module._nodeModulePaths(folder)) {
    const candidate = path.join(nodeModules, dependency, 'package.json');
    if (fs.existsSync(candidate)) return fs.realpathSync(candidate);
  }
  return null;
}

const rootManifest = readJSON(path.join(project, 'package.json'));
const overrides = rootManifest.overrides || {};

// The spec the root's overrides put on every edge named `dependency`, or null.
function overrideFor(dependency) {
  let value = overrides[dependency];
  if (value && typeof value === 'object') value = value['.'];
  if (typeof value !== 'string') return null;
  if (value.startsWith('$')) {
    const name = value.slice(1);
    const own = { ...(rootManifest.devDependencies || {}), ...(rootManifest.dependencies || {}) };
    return own[name] || null;
  }
  return value;
}

const folders = packageFolders(path.join(project, 'node_modules'), []);
const failures = [];
const versions = {};
let edges = 0;
let skipped = 0;

for (const folder of [project, ...folders]) {
  const isRoot = folder === project;
  const manifest = readJSON(path.join(folder, 'package.json'));
  const from = isRoot ? '(root)' : `${manifest.name}@${manifest.version}`;
  if (!isRoot) versions[path.relative(project, folder)] = from;
  const optional = manifest.optionalDependencies || {};
  const peerMeta = manifest.peerDependenciesMeta || {};
  const groups = [
    ['dependencies', manifest.dependencies || {}],
    ['optionalDependencies', optional],
    ['peerDependencies', manifest.peerDependencies || {}],
  ];
  // The project's own devDependencies are installed too; an installed package's are not.
  if (isRoot) groups.push(['devDependencies', manifest.devDependencies || {}]);
  const seen = new Set();
  for (const [kind, deps] of groups) {
    for (const [dependency, spec] of Object.entries(deps)) {
      // A name in both dependencies and optionalDependencies is one optional edge (npm's rule).
      const isOptional = dependency in optional || (kind === 'peerDependencies' && peerMeta[dependency]?.optional);
      const key = kind + ':' + dependency;
      if (kind === 'dependencies' && dependency in optional) continue;
      if (seen.has(key)) continue;
      seen.add(key);
      const found = resolveFrom(folder, dependency);
      if (!found) {
        if (isOptional) {
          skipped++;
          continue;
        }
        edges++;
        failures.push({ from, folder: path.relative(project, folder), kind, dependency, spec, problem: 'not found' });
        continue;
      }
      edges++;
      const installed = readJSON(found);
      const override = overrideFor(dependency);
      const want = target(dependency, override || spec);
      const problems = [];
      if (installed.name !== want.name) problems.push(`name is ${installed.name}, wanted ${want.name}`);
      if (!semver.satisfies(installed.version, want.range, { includePrerelease: false })
        && !semver.satisfies(installed.version, want.range, { includePrerelease: true })) {
        problems.push(`version ${installed.version} does not satisfy ${want.range}`);
      }
      if (problems.length > 0) {
        failures.push({
          from, folder: path.relative(project, folder), kind, dependency, spec: override || spec,
          found: path.relative(project, path.dirname(found)), problem: problems.join('; '),
        });
      }
    }
  }
}

process.stdout.write(JSON.stringify({ packages: folders.length, edges, skipped, failures, versions }) + '\n');
