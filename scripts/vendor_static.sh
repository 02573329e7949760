#!/usr/bin/env bash
# Refresh static/vendor/ from the npm registry at the exact versions of scripts/vendor-package.json.
# The lock file pins every tarball's integrity; the copied files are committed, so a running system
# never fetches anything (the intranet has no internet).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp "$root/scripts/vendor-package.json" "$work/package.json"
[ -f "$root/scripts/vendor-package-lock.json" ] && cp "$root/scripts/vendor-package-lock.json" "$work/package-lock.json"
(cd "$work" && if [ -f package-lock.json ]; then npm ci --ignore-scripts --no-audit --no-fund; else npm install --ignore-scripts --no-audit --no-fund; fi)
cp "$work/package-lock.json" "$root/scripts/vendor-package-lock.json"
out="$root/static/vendor"
rm -rf "$out"
mkdir -p "$out"/{bootstrap,bootstrap-icons/fonts,htmx,echarts}
nm="$work/node_modules"
cp "$nm/bootstrap/dist/css/bootstrap.min.css" "$nm/bootstrap/dist/css/bootstrap.min.css.map" "$out/bootstrap/"
cp "$nm/bootstrap/dist/js/bootstrap.bundle.min.js" "$nm/bootstrap/dist/js/bootstrap.bundle.min.js.map" "$out/bootstrap/"
cp "$nm/bootstrap/LICENSE" "$out/bootstrap/LICENSE"
cp "$nm/bootstrap-icons/font/bootstrap-icons.min.css" "$out/bootstrap-icons/"
cp "$nm/bootstrap-icons/font/fonts/"bootstrap-icons.woff* "$out/bootstrap-icons/fonts/"
cp "$nm/bootstrap-icons/LICENSE" "$out/bootstrap-icons/LICENSE"
cp "$nm/htmx.org/dist/htmx.min.js" "$out/htmx/"
cp "$nm/htmx.org/LICENSE" "$out/htmx/LICENSE"
cp "$nm/echarts/dist/echarts.min.js" "$out/echarts/"
cp "$nm/echarts/LICENSE" "$out/echarts/LICENSE"
node -e '
const lock=require(process.argv[1]);
const rows=Object.entries(lock.packages).filter(([k])=>k.split("node_modules/").length===2)
  .map(([k,v])=>`${k.replace("node_modules/","")} ${v.version} ${v.integrity}`);
require("fs").writeFileSync(process.argv[2], rows.join("\n")+"\n");
' "$work/package-lock.json" "$out/VERSIONS.txt"
echo "static/vendor refreshed:"; cat "$out/VERSIONS.txt"
