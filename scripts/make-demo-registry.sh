#!/usr/bin/env bash
# Rebuilds the demo registry in ./registry-data by publishing a few tiny packages through a
# real pkg-registry with the real npm client. Run from the repository root after `swift build`.
#   scripts/make-demo-registry.sh [path/to/pkg-registry]
# Demo account: demo / demo-password. Packages: greeting (1.0.0, 1.1.0, 2.0.0-beta.0 as `beta`),
# @demo/util (0.1.0, 0.2.0; depends on greeting ^1.0.0), @demo/cli (1.0.0; a bin, depends on @demo/util).
set -euo pipefail

registry_bin="${1:-$(swift build --show-bin-path)/pkg-registry}"
data="$PWD/registry-data"
work="$(mktemp -d)"
trap 'kill "$server_pid" 2>/dev/null || true; rm -rf "$work"' EXIT

rm -rf "$data"
printf 'demo-password\n' | "$registry_bin" user add demo --data "$data" --email demo@example.com

"$registry_bin" --data "$data" --port 0 > "$work/stdout" 2> "$work/log" &
server_pid=$!
for _ in $(seq 1 100); do grep -q '^listening on ' "$work/stdout" && break; sleep 0.1; done
url="$(sed -n 's/^listening on //p' "$work/stdout")"

export HOME="$work/home"
mkdir -p "$HOME"
npm_args=(--registry="$url/" --userconfig="$HOME/.npmrc" --cache="$HOME/.npm" --no-audit --no-fund --update-notifier=false --loglevel=warn)
# npm's login prompts need a terminal, so log in over HTTP and write the token where npm would.
token="$(curl -sf -X PUT -H 'Content-Type: application/json' \
  -d '{"name":"demo","password":"demo-password"}' "$url/-/user/org.couchdb.user:demo" \
  | sed -n 's/.*"token":"\([^"]*\)".*/\1/p')"
printf '%s/:_authToken=%s\n' "${url#http:}" "$token" > "$HOME/.npmrc"

package() { # dir name version dependencies-json body
  mkdir -p "$1"
  cat > "$1/package.json" <<JSON
{
  "name": "$2",
  "version": "$3",
  "description": "Demo package $2 for the pkg registry",
  "main": "index.js",
  "license": "MIT",
  "keywords": ["pkg-demo"],
  "dependencies": $4${6:-}
}
JSON
  printf '%s\n' "$5" > "$1/index.js"
}

publish() { (cd "$1" && npm publish --access public "${npm_args[@]}" "${@:2}" > /dev/null); }

package "$work/greeting" greeting 1.0.0 '{}' "module.exports = (name = 'world') => 'hello, ' + name;"
publish "$work/greeting"
package "$work/greeting" greeting 1.1.0 '{}' "module.exports = (name = 'world') => 'hello, ' + name + '!';"
publish "$work/greeting"
package "$work/greeting" greeting 2.0.0-beta.0 '{}' "module.exports = (name = 'world') => 'HELLO, ' + name + '!';"
publish "$work/greeting" --tag beta

package "$work/util" @demo/util 0.1.0 '{"greeting": "^1.0.0"}' "module.exports = (n) => require('greeting')(n);"
publish "$work/util"
package "$work/util" @demo/util 0.2.0 '{"greeting": "^1.0.0"}' "module.exports = (n) => require('greeting')(n).toUpperCase();"
publish "$work/util"

package "$work/cli" @demo/cli 1.0.0 '{"@demo/util": "^0.2.0"}' "#!/usr/bin/env node
console.log(require('@demo/util')(process.argv[2]));" ',
  "bin": { "demo-greet": "index.js" }'
publish "$work/cli"

npm logout "${npm_args[@]}" > /dev/null
kill -TERM "$server_pid"
wait "$server_pid" || true
rm -rf "$data/tmp"
printf '# Written by a running server; never part of the demo data.\ntmp/\n*.log\n' > "$data/.gitignore"
echo "demo registry written to $data" >&2
