#!/usr/bin/env bash
# Builds (once) and prints the directory holding the Pulumi toolchain the end-to-end suite and the demo use:
#   pulumi                       the CLI and engine, github.com/pulumi/pulumi/pkg/v3 at @pulumi/pulumi's version
#   pulumi-language-nodejs       our own Node.js language host (tools/pulumi/engine/cmd/pulumi-language-nodejs)
#   pulumi-resource-postgresql   upstream Terraform provider + Pulumi bridge, answering as @pulumi/postgresql's version
#   pulumi-resource-random       upstream Terraform provider + Pulumi bridge, answering as @pulumi/random's version
#   pulumi-language-yaml         Pulumi YAML's language host (tools/pulumi/language-yaml), for the package test
#   pulumi-language-python       our own Python language host (tools/pulumi/engine/cmd/pulumi-language-python),
#                                for the Python package test; programs use the `pulumi` SDK from PyPI
#   pulumi-language-go           our own Go language host (tools/pulumi/engine/cmd/pulumi-language-go): Go SDK
#                                generation for `pulumi package add`, and running Go programs
# from Go modules only (the wrapper modules under tools/pulumi/, whose go.sum pin every dependency), because no
# Pulumi installer or plugin download is reachable here. Progress goes to stderr; the LAST LINE of stdout is the
# directory. Next to it, `../home` is a private PULUMI_HOME with both plugins installed at their exact versions.
#
# Cached outside the repository in ${PULUMI_TOOLCHAIN_CACHE:-${XDG_CACHE_HOME:-~/.cache}/pg-vendor-access/pulumi-toolchain},
# keyed by the wrapper modules' go.mod/go.sum/sources (.go, and the .py runner the Python host embeds), the versions
# and the Go version: a warm run takes seconds.
#
# PULUMI_TOOLCHAIN_DIR=<dir> skips the build and uses an installed toolchain instead: <dir> must hold the
# executables above (e.g. ~/.pulumi/bin plus the two provider plugins copied or linked next to them).
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
BINARIES=(pulumi pulumi-language-nodejs pulumi-resource-postgresql pulumi-resource-random pulumi-language-yaml
  pulumi-language-python pulumi-language-go)
log() { printf '[pulumi-toolchain] %s\n' "$*" >&2; }

check_dir() {
  local dir="$1" missing=()
  for b in "${BINARIES[@]}"; do [ -x "$dir/$b" ] || missing+=("$b"); done
  if [ ${#missing[@]} -gt 0 ]; then
    log "PULUMI_TOOLCHAIN_DIR=$dir lacks: ${missing[*]}"
    return 1
  fi
}

if [ -n "${PULUMI_TOOLCHAIN_DIR:-}" ]; then
  check_dir "$PULUMI_TOOLCHAIN_DIR" || exit 1
  log "using the installed toolchain in $PULUMI_TOOLCHAIN_DIR (PULUMI_TOOLCHAIN_DIR)"
  echo "$PULUMI_TOOLCHAIN_DIR"
  exit 0
fi

command -v go >/dev/null || { log "Go is required to build the toolchain (or set PULUMI_TOOLCHAIN_DIR)"; exit 1; }
[ -f "$ROOT/package-lock.json" ] || { log "package-lock.json not found in $ROOT"; exit 1; }

# Versions the npm packages expect (the engine loads a plugin only at the SDK's exact version).
read -r PULUMI_VERSION POSTGRESQL_VERSION RANDOM_VERSION < <(node -e '
  const lock = require(process.argv[1]).packages;
  const v = (n) => { const p = lock["node_modules/" + n]; if (!p) throw new Error(n + " missing from package-lock.json"); return p.version; };
  console.log(v("@pulumi/pulumi"), v("@pulumi/postgresql"), v("@pulumi/random"));
' "$ROOT/package-lock.json")

TOOLS="$ROOT/tools/pulumi"
KEY="$( { echo "$PULUMI_VERSION $POSTGRESQL_VERSION $RANDOM_VERSION"; go version;
          cat "$0";
          find "$TOOLS" -type f \( -name go.mod -o -name go.sum -o -name '*.go' -o -name '*.py' \) | LC_ALL=C sort | xargs cat; } \
        | sha256sum | cut -c1-16)"
CACHE_ROOT="${PULUMI_TOOLCHAIN_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/pg-vendor-access/pulumi-toolchain}"
OUT="$CACHE_ROOT/$KEY"
BIN="$OUT/bin"

if [ -f "$OUT/complete" ] && check_dir "$BIN" 2>/dev/null; then
  log "cached: pulumi v$PULUMI_VERSION, postgresql v$POSTGRESQL_VERSION, random v$RANDOM_VERSION"
  echo "$BIN"
  exit 0
fi

log "building pulumi v$PULUMI_VERSION, postgresql v$POSTGRESQL_VERSION, random v$RANDOM_VERSION from Go modules into $OUT"
log "a cold build downloads ~1.5 GB of modules and compiles for 20-40 minutes on 2 cores; later runs are cached"
mkdir -p "$CACHE_ROOT"
WORK="$(mktemp -d "$CACHE_ROOT/.build-XXXXXX")"
trap 'rm -rf "$WORK"' EXIT
mkdir -p "$WORK/bin"

export CGO_ENABLED=0 GOFLAGS=-mod=readonly GOTOOLCHAIN=local
# The upstream random provider is published under its old module path, whose pseudo-versions the checksum
# database does not list; the committed go.sum pins its hash instead.
export GONOSUMDB="github.com/terraform-providers/terraform-provider-random${GONOSUMDB:+,$GONOSUMDB}"

build() { # <name> <module dir> <package> <ldflags>
  local name="$1" dir="$2" pkg="$3" ldflags="$4" started=$SECONDS
  log "[$name] go build $pkg ..."
  ( cd "$dir" && go build -trimpath -tags osusergo,grpcnotrace -ldflags "-s -w $ldflags" -o "$WORK/bin/$name" "$pkg" ) >&2
  log "[$name] done in $((SECONDS - started)) s"
}

SDK_VERSION_FLAG="-X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=v$PULUMI_VERSION"
build pulumi "$TOOLS/engine" github.com/pulumi/pulumi/pkg/v3/cmd/pulumi "$SDK_VERSION_FLAG"
build pulumi-language-nodejs "$TOOLS/engine" ./cmd/pulumi-language-nodejs "-X main.version=$PULUMI_VERSION"
build pulumi-language-python "$TOOLS/engine" ./cmd/pulumi-language-python "-X main.version=$PULUMI_VERSION"
build pulumi-language-go "$TOOLS/engine" ./cmd/pulumi-language-go "-X main.version=$PULUMI_VERSION"
build pulumi-resource-postgresql "$TOOLS/provider-postgresql" . "-X main.version=$POSTGRESQL_VERSION"
build pulumi-resource-random "$TOOLS/provider-random" . "-X main.version=$RANDOM_VERSION"
build pulumi-language-yaml "$TOOLS/language-yaml" github.com/pulumi/pulumi-yaml/cmd/pulumi-language-yaml \
  "-X github.com/pulumi/pulumi-yaml/pkg/version.Version=v1.38.1"

# A private PULUMI_HOME with both plugins at the exact versions the SDKs ask for.
HOME_DIR="$WORK/home"
mkdir -p "$HOME_DIR"
for p in "postgresql $POSTGRESQL_VERSION" "random $RANDOM_VERSION"; do
  set -- $p
  PULUMI_HOME="$HOME_DIR" PULUMI_SKIP_UPDATE_CHECK=true PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION=true \
    "$WORK/bin/pulumi" plugin install resource "$1" "$2" --file "$WORK/bin/pulumi-resource-$1" >&2
done

rm -rf "$OUT"
mkdir -p "$OUT"
mv "$WORK/bin" "$WORK/home" "$OUT/"
date -u +%Y-%m-%dT%H:%M:%SZ > "$OUT/complete"
log "toolchain ready: $(du -sh "$OUT" | cut -f1) in $OUT"
echo "$BIN"
