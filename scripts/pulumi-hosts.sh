#!/usr/bin/env bash
# Prints, as its last line, a directory holding the Pulumi language hosts for Python, Go and YAML
# programs: `pulumi-language-python`, `pulumi-language-go`, `pulumi-language-yaml`, for the CLI of
# scripts/pulumi-bin.sh (pulumi v3.219.0). The Python host comes with a virtualenv that has the
# Pulumi Python SDK from PyPI (`<dir>/../venv`).
#
#   pulumi-hosts.sh              the hosts' own bin directory
#   pulumi-hosts.sh --with-cli   one bin directory with the CLI of pulumi-bin.sh (run first), its
#                                neighbours and these hosts, as hard links (copies across file
#                                systems). Use this one: the CLI warns "using pulumi-language-X
#                                from $PATH" on every resource when a host is not beside `pulumi`.
#   pulumi-hosts.sh --codegen    a bin directory for `pulumi package gen-sdk` only: the CLI with
#                                pulumi-language-{python,go,nodejs} that generate SDKs and run no
#                                programs (scripts/pulumi-codegen-host.go; the old hosts predate
#                                the GeneratePackage call that CLI v3.219.0 makes), and the YAML host.
#   --cached-only                never builds: exit 3 when something is not built yet.
#
# Built from the Go module proxy (and PyPI for the venv) into a cache outside the repository,
# keyed by the versions below (BACKUP_INFRA_PULUMI_CACHE, default ~/.cache/pulumi-backup-infra).
# A cached build answers in well under a second.
#
# Why these versions: the proxy serves none of the language hosts' own modules
# (github.com/pulumi/pulumi/sdk/{python/cmd/pulumi-language-python,go/pulumi-language-go}/v3), so
# each host is the last one that was a package of the tagged sdk/v3 module: the Python host up to
# v3.68.0, the Go host up to v3.62.0 (the proxy serves no sdk/v3 tag between v3.62.0 and v3.67.0).
# The YAML host is pulumi-yaml v1.25.0 (which asks for pkg/v3 v3.206.0) built with pkg/v3 v3.219.0,
# the CLI's, so that its build reuses the CLI's compiled packages.
#
# Using them (CLI v3.219.0 passes these old hosts no `runtime.options` from Pulumi.yaml):
# - Python: the host always uses the venv <dir>/../venv (pulumi==3.219.0, parver from PyPI), or the one
#   named by BACKUP_INFRA_PYTHON_VIRTUALENV (absolute path, with `pulumi` installed);
#   `runtime.options.virtualenv` is ignored. The program is `__main__.py` in the project directory
#   (or Pulumi.yaml's `main:`). Our own pulumi-language-python-exec runs it (see below). Note that
#   `pulumi install` pip-installs the program's requirements.txt into that venv: give a program
#   with requirements a venv of its own through BACKUP_INFRA_PYTHON_VIRTUALENV.
# - Go: programs need `go` on PATH and a go.mod requiring github.com/pulumi/pulumi/sdk/v3 (v3.219.0
#   works) with its go.sum; the host runs `go build -o <tmp>` in the program directory (GOFLAGS
#   etc. apply; the first build of a program compiles the SDK: about 1.5 min on 2 cores).
# - YAML: `runtime: yaml`, nothing else.
set -euo pipefail

PY_HOST_VERSION=v3.68.0
GO_HOST_VERSION=v3.62.0
YAML_VERSION=v1.25.0
YAML_PKG_VERSION=v3.219.0
PYPI_PULUMI=3.219.0
# What the Python SDKs that `pulumi package gen-sdk --language python` writes import besides pulumi.
PYPI_EXTRA=(parver==0.5)
# Bump when what this script writes itself (the exec script, the launcher) or
# scripts/pulumi-codegen-host.go changes.
REVISION=2
# pkg/v3's own go.mod replaces this module; a wrapper module must repeat it.
CLIPBOARD_REPLACE="github.com/atotto/clipboard => github.com/tgummerer/clipboard v0.0.0-20241001131231-d02d263e614e"

say() { printf 'pulumi:hosts: %s\n' "$*" >&2; }
usage() { say "usage: pulumi-hosts.sh [--with-cli | --codegen] [--cached-only]"; exit 2; }
cached_only=false
mode=hosts
for arg in "$@"; do
  case "$arg" in
    --cached-only) cached_only=true ;;
    --with-cli | --codegen) [[ $mode == hosts ]] || usage; mode="${arg#--}" ;;
    *) usage ;;
  esac
done
script_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"

python="${BACKUP_INFRA_PYTHON:-python3}"
py_version="$("$python" -c 'import sys; print("%d.%d" % sys.version_info[:2])' 2>/dev/null)" || {
  say "no Python 3 ($python) to make the virtualenv with: install python3 with its venv module"
  exit 1
}

cache_root="${BACKUP_INFRA_PULUMI_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/pulumi-backup-infra}"
mkdir -p "$cache_root"
key="$cache_root/hosts-python-$PY_HOST_VERSION-go-$GO_HOST_VERSION-yaml-$YAML_VERSION-pkg-$YAML_PKG_VERSION-py$py_version-pulumi-$PYPI_PULUMI-r$REVISION"

# The CLI first: the YAML and codegen hosts' builds reuse what the CLI's compiled.
cli_bin=""
if [[ $mode != hosts ]]; then
  cli_args=()
  $cached_only && cli_args=(--cached-only)
  cli_out="$(bash "$script_dir/pulumi-bin.sh" "${cli_args[@]}")" || exit $?
  cli_bin="$(tail -n 1 <<<"$cli_out")"
  [[ -x "$cli_bin/pulumi" ]] || { say "pulumi-bin.sh printed no CLI directory ($cli_bin)"; exit 1; }
fi

link_as() { # link_as <file> <new path>: a hard link, or a copy across file systems
  ln -fL "$1" "$2" 2>/dev/null || cp -fL "$1" "$2"
}

# Prints the directory to use and exits. The other modes' directories are remade whenever the
# CLI's `pulumi` is not the one they were made from.
emit() {
  if [[ $mode == hosts ]]; then
    echo "$key/bin"
    exit 0
  fi
  local dir="$key/$mode" stamp tmp tool lang
  stamp="$(readlink -f "$cli_bin/pulumi") $(stat -L -c '%d:%i:%s:%Y' "$cli_bin/pulumi")"
  if [[ "$(cat "$dir/.cli" 2>/dev/null)" != "$stamp" ]]; then
    exec 8>"$cache_root/hosts-$mode.lock"
    flock 8
    if [[ "$(cat "$dir/.cli" 2>/dev/null)" != "$stamp" ]]; then
      tmp="$(mktemp -d "$key/$mode-XXXXXX")"
      mkdir "$tmp/bin"
      for tool in "$cli_bin"/*; do link_as "$tool" "$tmp/bin/${tool##*/}"; done
      if [[ $mode == with-cli ]]; then
        for tool in "$key/bin"/*; do link_as "$tool" "$tmp/bin/${tool##*/}"; done
      else
        for lang in python go nodejs; do link_as "$key/libexec/pulumi-codegen-host" "$tmp/bin/pulumi-language-$lang"; done
        link_as "$key/bin/pulumi-language-yaml" "$tmp/bin/pulumi-language-yaml"
      fi
      ln -s ../venv "$tmp/venv" # <printed dir>/../venv is the venv in every mode
      echo "$stamp" >"$tmp/.cli"
      rm -rf "$dir" && mv "$tmp" "$dir"
    fi
  fi
  echo "$dir/bin"
  exit 0
}

[[ -f "$key/.complete" ]] && emit
if $cached_only; then
  say "no language hosts in $key: run \`bash scripts/pulumi-hosts.sh\` to build them (about 1.5 min once the CLI of scripts/pulumi-bin.sh is built)"
  exit 3
fi
command -v go >/dev/null 2>&1 || { say "no Go to build the language hosts with: install Go 1.24+, then run this again"; exit 1; }

# One builder at a time (a lock of its own: this build may run beside pulumi-bin.sh's).
exec 9>"$cache_root/hosts.lock"
flock 9
[[ -f "$key/.complete" ]] && emit

work="$(mktemp -d "$cache_root/hosts-build-XXXXXX")"
heartbeat=""
cleanup() {
  [[ -n "$heartbeat" ]] && kill "$heartbeat" 2>/dev/null
  rm -rf "$work"
  # A build that died leaves nothing half-made under the key.
  [[ -f "$key/.complete" ]] || rm -rf "$key"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

started=$SECONDS
step_started=$SECONDS
( while sleep 30 && kill -0 $$ 2>/dev/null; do say "still building … $((SECONDS - started)) s"; done ) &
heartbeat=$!

step_done() { say "  $1 took $((SECONDS - step_started)) s"; step_started=$SECONDS; }

flags=(-trimpath -tags osusergo,grpcnotrace)
# The SDK generator is built with Go 1.24 (the toolchain module from the Go module proxy), as
# Pulumi builds its own: pkg/v3's Python code generator finds a module's relative imports with
# path.Dir(filepath.Rel(module, "")), and Go 1.26 answers Rel("spp", "") with ".." where Go 1.24
# gave "../.", so under Go 1.26 every submodule imports `from . import _utilities` and fails.
CODEGEN_TOOLCHAIN=go1.24.9
build() { # build <dir> <-X assignment> <main package> <output> [GOTOOLCHAIN]
  local dir="$1" stamp="$2" pkg="$3" out="$4" toolchain="${5:-local}"
  (cd "$dir" && export GOTOOLCHAIN="$toolchain" && go mod tidy >>"$work/build.log" 2>&1 &&
    CGO_ENABLED=0 go build "${flags[@]}" -o "$out" -ldflags "-s -w -X $stamp" "$pkg" >>"$work/build.log" 2>&1) || {
    say "building $pkg (module ${dir##*/}) failed; the end of its log:"
    tail -n 20 "$work/build.log" >&2
    exit 1
  }
}

mkdir -p "$work/out/bin" "$work/out/libexec" "$work/python" "$work/go" "$work/yaml" "$work/codegen"
sdk_stamp=github.com/pulumi/pulumi/sdk/v3/go/common/version.Version
cat >"$work/python/go.mod" <<EOF
module backupinfra.local/pulumi-language-python

go 1.24

require github.com/pulumi/pulumi/sdk/v3 $PY_HOST_VERSION

tool github.com/pulumi/pulumi/sdk/v3/python/cmd/pulumi-language-python
EOF
cat >"$work/go/go.mod" <<EOF
module backupinfra.local/pulumi-language-go

go 1.24

require github.com/pulumi/pulumi/sdk/v3 $GO_HOST_VERSION

tool github.com/pulumi/pulumi/sdk/v3/go/pulumi-language-go
EOF
cat >"$work/yaml/go.mod" <<EOF
module backupinfra.local/pulumi-language-yaml

go 1.24.7

require (
	github.com/pulumi/pulumi-yaml $YAML_VERSION
	github.com/pulumi/pulumi/pkg/v3 $YAML_PKG_VERSION
	github.com/pulumi/pulumi/sdk/v3 $YAML_PKG_VERSION
)

replace $CLIPBOARD_REPLACE

tool github.com/pulumi/pulumi-yaml/cmd/pulumi-language-yaml
EOF

cat >"$work/codegen/go.mod" <<EOF
module backupinfra.local/pulumi-codegen-host

go 1.24.7

require (
	github.com/pulumi/pulumi/pkg/v3 $YAML_PKG_VERSION
	github.com/pulumi/pulumi/sdk/v3 $YAML_PKG_VERSION
)

replace $CLIPBOARD_REPLACE
EOF
cp "$script_dir/pulumi-codegen-host.go" "$work/codegen/main.go"

say "building pulumi-language-python $PY_HOST_VERSION from the Go module proxy …"
build "$work/python" "$sdk_stamp=$PY_HOST_VERSION" github.com/pulumi/pulumi/sdk/v3/python/cmd/pulumi-language-python \
  "$work/out/libexec/pulumi-language-python"
step_done "pulumi-language-python"
say "building pulumi-language-go $GO_HOST_VERSION from the Go module proxy …"
build "$work/go" "$sdk_stamp=$GO_HOST_VERSION" github.com/pulumi/pulumi/sdk/v3/go/pulumi-language-go \
  "$work/out/bin/pulumi-language-go"
step_done "pulumi-language-go"
say "building pulumi-language-yaml $YAML_VERSION (with pkg/v3 $YAML_PKG_VERSION) from the Go module proxy …"
build "$work/yaml" "github.com/pulumi/pulumi-yaml/pkg/version.Version=$YAML_VERSION" \
  github.com/pulumi/pulumi-yaml/cmd/pulumi-language-yaml "$work/out/bin/pulumi-language-yaml"
step_done "pulumi-language-yaml"
say "building the SDK generator (scripts/pulumi-codegen-host.go, pkg/v3 $YAML_PKG_VERSION) …"
build "$work/codegen" "$sdk_stamp=$YAML_PKG_VERSION" . "$work/out/libexec/pulumi-codegen-host" "$CODEGEN_TOOLCHAIN"
step_done "the SDK generator"

# The Python host runs `<venv>/bin/python <its dir>/pulumi-language-python-exec <flags> PROGRAM`.
cat >"$work/out/libexec/pulumi-language-python-exec" <<'EOF'
#!/usr/bin/env python3
# pulumi-language-python-exec, written for this project: the v3.68 Python language host runs
# `<python> pulumi-language-python-exec --monitor ADDR --engine ADDR --project P --stack S --pwd DIR
# --dry_run true|false --parallel N [--tracing URL] [--organization O] PROGRAM [ARGS...]` and
# expects the Pulumi program to be run under the Pulumi Python SDK's runtime. Exit code 32 tells
# the host that the error was already reported to the engine.
import argparse
import asyncio
import logging
import os
import runpy
import sys
import traceback
from concurrent.futures import ThreadPoolExecutor

ALREADY_REPORTED = 32


def parse(argv):
    p = argparse.ArgumentParser(prog="pulumi-language-python-exec")
    for name in ("project", "stack", "parallel", "dry_run", "pwd", "monitor", "engine", "tracing", "organization"):
        p.add_argument("--" + name)
    p.add_argument("program")
    p.add_argument("args", nargs="*")
    return p.parse_args(argv)


def project_root(start):
    d = os.path.abspath(start)
    while True:
        if any(os.path.isfile(os.path.join(d, n)) for n in ("Pulumi.yaml", "Pulumi.yml")):
            return d
        parent = os.path.dirname(d)
        if parent == d:
            return os.path.abspath(start)
        d = parent


def entry_point(program):
    """The file to run: PROGRAM itself, or PROGRAM/__main__.py for a directory."""
    if os.path.isdir(program):
        main = os.path.join(program, "__main__.py")
        return main if os.path.isfile(main) else None
    return program


def user_traceback(exc, program_dir):
    """The traceback without this script's and runpy's frames in front of the program's.

    The program's frames carry its absolute path; frozen modules' are named like "<frozen runpy>".
    """
    frames = traceback.extract_tb(exc.__traceback__)
    start = next((i for i, f in enumerate(frames) if f.filename.startswith(program_dir + os.sep)), 0)
    lines = ["Traceback (most recent call last):\n"]
    lines += traceback.format_list(frames[start:])
    lines += traceback.format_exception_only(type(exc), exc)
    return "".join(lines)


def main(argv):
    try:
        import pulumi
        import pulumi.runtime
    except ImportError as err:
        print(
            f"pulumi-language-python-exec: {sys.executable} cannot import the Pulumi SDK ({err}).\n"
            "Install it into the virtualenv that pulumi-language-python uses: python -m pip install pulumi",
            file=sys.stderr,
        )
        return 1

    args = parse(argv)
    if args.pwd:
        os.chdir(args.pwd)
    program = os.path.abspath(args.program)
    target = entry_point(program)
    parallel = int(args.parallel) if args.parallel else None

    pulumi.runtime.set_all_config(pulumi.runtime.get_config_env(), pulumi.runtime.get_config_secret_keys_env())
    pulumi.runtime.configure(
        pulumi.runtime.Settings(
            project=args.project,
            stack=args.stack,
            monitor=args.monitor,
            engine=args.engine,
            parallel=parallel,
            dry_run=args.dry_run == "true",
            organization=args.organization,
            root_directory=project_root(os.getcwd()),
        )
    )
    if target is None:
        pulumi.log.error(f"no __main__.py in the Python program directory {program}")
        return ALREADY_REPORTED

    program_dir = os.path.dirname(target)
    # Run as `python PROGRAM ARGS` would: the program's directory first on sys.path, its own argv.
    sys.path[0] = program_dir
    sys.argv = [args.program] + args.args

    loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)
    if parallel is not None:
        loop.set_default_executor(ThreadPoolExecutor(max_workers=max(parallel, 1)))
    # A failed deployment leaves futures nobody awaits; asyncio's complaints about them are noise.
    logging.getLogger("asyncio").setLevel(logging.CRITICAL)

    code = 0
    try:
        def run_program():
            runpy.run_path(target, run_name="__main__")

        loop.run_until_complete(pulumi.runtime.run_in_stack(run_program))
    except pulumi.RunError as err:
        pulumi.log.error(str(err))
        code = ALREADY_REPORTED
    except Exception as err:  # pylint: disable=broad-except
        pulumi.log.error("Program failed with an unhandled exception:\n" + user_traceback(err, program_dir))
        code = ALREADY_REPORTED
    finally:
        loop.close()
        sys.stdout.flush()
        sys.stderr.flush()
    return code


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
EOF
# The host takes its virtualenv only from its -virtualenv flag, which CLI v3.219.0 never passes.
# Absolute paths: --with-cli links this launcher into another directory.
cat >"$work/out/bin/pulumi-language-python" <<EOF
#!/bin/sh
exec '$key/libexec/pulumi-language-python' -virtualenv="\${BACKUP_INFRA_PYTHON_VIRTUALENV:-$key/venv}" "\$@"
EOF
chmod +x "$work/out/bin/pulumi-language-python" "$work/out/libexec/pulumi-language-python-exec"

# The venv is made in place (a venv does not survive a move), after everything else is built.
rm -rf "$key" && mkdir -p "$key"
mv "$work/out/bin" "$work/out/libexec" "$key/"
say "making the virtualenv with $python $py_version, pulumi==$PYPI_PULUMI and ${PYPI_EXTRA[*]} from PyPI …"
{ "$python" -m venv "$key/venv" && "$key/venv/bin/python" -m pip install --quiet --disable-pip-version-check \
  "pulumi==$PYPI_PULUMI" "${PYPI_EXTRA[@]}"; } >>"$work/build.log" 2>&1 || {
  say "making the virtualenv failed; the end of its log:"
  tail -n 20 "$work/build.log" >&2
  exit 1
}
"$key/venv/bin/python" -c 'import pulumi, pulumi.runtime, parver' >>"$work/build.log" 2>&1 || {
  say "the virtualenv cannot import pulumi"; tail -n 20 "$work/build.log" >&2; exit 1; }
step_done "the virtualenv"

for host in "$key/libexec/pulumi-language-python" "$key/libexec/pulumi-codegen-host" \
  "$key/bin/pulumi-language-go" "$key/bin/pulumi-language-yaml"; do
  [[ -x "$host" ]] || { say "$host is missing after the build"; exit 1; }
done
touch "$key/.complete"
kill "$heartbeat" 2>/dev/null && heartbeat=""
say "built in $((SECONDS - started)) s: python host $PY_HOST_VERSION (venv $key/venv with pulumi $PYPI_PULUMI), go host $GO_HOST_VERSION, yaml host $YAML_VERSION, SDK generator of pkg/v3 $YAML_PKG_VERSION"
emit
