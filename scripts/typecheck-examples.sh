#!/usr/bin/env bash
# Type-checks every example program against the package sources (each examples/<name>/tsconfig.json maps
# `pg-vendor-access` to ../../src), so examples break CI when the API they use changes.
# Usage (from anywhere): scripts/typecheck-examples.sh   Exit status: non-zero if any example fails.
set -uo pipefail
cd "$(dirname "$0")/.."

shopt -s nullglob
configs=(examples/*/tsconfig.json)
if [ ${#configs[@]} -eq 0 ]; then
  echo "typecheck-examples: no examples/*/tsconfig.json found" >&2
  exit 1
fi

failed=0
for config in "${configs[@]}"; do
  if npx --no-install tsc -p "$config" --noEmit; then
    echo "ok    ${config%/tsconfig.json}"
  else
    echo "FAIL  ${config%/tsconfig.json}" >&2
    failed=$((failed + 1))
  fi
done
echo "typecheck-examples: ${#configs[@]} checked, ${failed} failed"
[ "$failed" -eq 0 ]
