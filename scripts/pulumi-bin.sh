#!/usr/bin/env bash
# Prints, as its last line, a directory holding `pulumi`, `pulumi-language-nodejs`,
# `pulumi-resource-pulumi-nodejs` and `pulumi-analyzer-policy`: the Pulumi CLI with what it needs
# to run Node.js programs, dynamic providers and policy packs (`npm run --silent pulumi:bin`).
#
# - A `pulumi` already on PATH is used with its neighbours (linked into the cache beside our
#   launchers).
# - Otherwise both Go programs are built from the Go module proxy at the versions pinned below
#   into a cache outside the repository, keyed by those versions (BACKUP_INFRA_PULUMI_CACHE,
#   default ~/.cache/pulumi-backup-infra). A cached build answers in well under a second.
# - `--cached-only` never builds: without a CLI at hand it says how to get one and exits 3.
#
# Why these versions: the Node language host has been a module of its own since v3.69 and the Go
# module proxy serves none of its versions, so the host is the last one that was a package of the
# tagged sdk/v3 module (v3.68.0). Its RunPlugin is "not supported", so the CLI must be one that
# still starts Node policy packs through `pulumi-analyzer-policy` (CLIs before v3.221); v3.219.0 is
# the newest such tag the proxy serves.
set -euo pipefail

CLI_VERSION=v3.219.0
HOST_VERSION=v3.68.0
# pkg/v3 v3.219.0's own go.mod replaces this module; a wrapper module must repeat it.
CLIPBOARD_REPLACE="github.com/atotto/clipboard => github.com/tgummerer/clipboard v0.0.0-20241001131231-d02d263e614e"

say() { printf 'pulumi:bin: %s\n' "$*" >&2; }
cached_only=false
case "${1:-}" in
  "") ;;
  --cached-only) cached_only=true ;;
  *) say "usage: pulumi-bin.sh [--cached-only]"; exit 2 ;;
esac

cache_root="${BACKUP_INFRA_PULUMI_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/pulumi-backup-infra}"
mkdir -p "$cache_root"

write_launchers() {
  local bin="$1"
  # The engine starts dynamic providers as this plugin, in the program's directory: run the
  # dynamic-provider host of the @pulumi/pulumi that the program installed.
  cat >"$bin/pulumi-resource-pulumi-nodejs" <<'EOF'
#!/bin/sh
entry=$(node -e 'process.stdout.write(require.resolve("@pulumi/pulumi/cmd/dynamic-provider", { paths: [process.cwd()] }))') || {
  echo "pulumi-resource-pulumi-nodejs: @pulumi/pulumi is not installed in $(pwd); run npm install" >&2
  exit 1
}
exec node "$entry" "$@"
EOF
  # The engine starts Node policy packs as this plugin, in the pack's directory.
  cat >"$bin/pulumi-analyzer-policy" <<'EOF'
#!/bin/sh
entry=$(node -e 'process.stdout.write(require.resolve("@pulumi/pulumi/cmd/run-policy-pack", { paths: [process.cwd()] }))') || {
  echo "pulumi-analyzer-policy: @pulumi/pulumi is not installed in the policy pack $(pwd); run npm install there" >&2
  exit 1
}
exec node "$entry" "$@"
EOF
  chmod +x "$bin/pulumi-resource-pulumi-nodejs" "$bin/pulumi-analyzer-policy"
}

# 1. A CLI on PATH, with its neighbours.
if on_path="$(command -v pulumi 2>/dev/null)"; then
  src_dir="$(cd "$(dirname "$(readlink -f "$on_path")")" && pwd)"
  bin="$cache_root/from-path/bin"
  rm -rf "$bin" && mkdir -p "$bin"
  for tool in "$src_dir"/pulumi*; do ln -s "$tool" "$bin/$(basename "$tool")"; done
  [[ -x "$bin/pulumi-language-nodejs" ]] || { say "pulumi on PATH ($on_path) has no pulumi-language-nodejs beside it"; exit 1; }
  rm -f "$bin/pulumi-resource-pulumi-nodejs" "$bin/pulumi-analyzer-policy"
  write_launchers "$bin"
  echo "$bin"
  exit 0
fi

key="$cache_root/cli-$CLI_VERSION-nodejs-$HOST_VERSION"
if [[ -x "$key/bin/pulumi" && -x "$key/bin/pulumi-language-nodejs" ]]; then
  echo "$key/bin"
  exit 0
fi

if $cached_only; then
  say "no Pulumi CLI on PATH or in $cache_root: run \`npm run pulumi:bin\` to build one from the Go module proxy (about 5 min cold)"
  exit 3
fi

command -v go >/dev/null 2>&1 || {
  say "no pulumi on PATH and no Go to build it: install the Pulumi CLI (https://www.pulumi.com/docs/install/) or Go 1.24+, then run this again"
  exit 1
}

# 2. Build, one builder at a time; a build that dies leaves nothing half-made in the cache.
exec 9>"$cache_root/build.lock"
flock 9
if [[ -x "$key/bin/pulumi" && -x "$key/bin/pulumi-language-nodejs" ]]; then
  echo "$key/bin"
  exit 0
fi

work="$(mktemp -d "$cache_root/build-XXXXXX")"
heartbeat=""
cleanup() { [[ -n "$heartbeat" ]] && kill "$heartbeat" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT

started=$SECONDS
( while sleep 30; do say "still building … $((SECONDS - started)) s"; done ) &
heartbeat=$!

flags=(-trimpath -tags osusergo,grpcnotrace)
build() { # build <dir> <version> <main package> <output>
  local dir="$1" version="$2" pkg="$3" out="$4"
  (cd "$dir" && go mod tidy >>"$work/build.log" 2>&1 &&
    CGO_ENABLED=0 go build "${flags[@]}" -o "$out" \
      -ldflags "-s -w -X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=$version" "$pkg" >>"$work/build.log" 2>&1) || {
    say "building $pkg@$version failed; the end of its log:"
    tail -n 20 "$work/build.log" >&2
    exit 1
  }
}

mkdir -p "$work/bin" "$work/cli" "$work/host"
cat >"$work/cli/go.mod" <<EOF
module backupinfra.local/pulumi-cli

go 1.24.7

require (
	github.com/pulumi/pulumi/pkg/v3 $CLI_VERSION
	github.com/pulumi/pulumi/sdk/v3 $CLI_VERSION
)

replace $CLIPBOARD_REPLACE

tool github.com/pulumi/pulumi/pkg/v3/cmd/pulumi
EOF
cat >"$work/host/go.mod" <<EOF
module backupinfra.local/pulumi-language-nodejs

go 1.24

require github.com/pulumi/pulumi/sdk/v3 $HOST_VERSION

tool github.com/pulumi/pulumi/sdk/v3/nodejs/cmd/pulumi-language-nodejs
EOF

say "building pulumi-language-nodejs $HOST_VERSION from the Go module proxy (about 1 min cold) …"
build "$work/host" "$HOST_VERSION" github.com/pulumi/pulumi/sdk/v3/nodejs/cmd/pulumi-language-nodejs "$work/bin/pulumi-language-nodejs"
say "building pulumi $CLI_VERSION from the Go module proxy (about 15 min cold on 2 cores) …"
build "$work/cli" "$CLI_VERSION" github.com/pulumi/pulumi/pkg/v3/cmd/pulumi "$work/bin/pulumi"
write_launchers "$work/bin"

"$work/bin/pulumi" version >/dev/null
rm -rf "$key" && mkdir -p "$key" && mv "$work/bin" "$key/bin"
say "built in $((SECONDS - started)) s: $("$key/bin/pulumi" version), nodejs host $HOST_VERSION"
echo "$key/bin"
