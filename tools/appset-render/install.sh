#!/usr/bin/env bash
# Builds tools/appset-render (Argo CD's own ApplicationSet generators and template code, from the
# Go module proxy) into tools/appset-render/bin/appset-render, for the differential test
# tests/appset/differential.test.ts. Cached: a second run with the same go.mod, go.sum and sources
# does not build (and the Go module and build caches make a rebuild cheap). Prints the time taken.
# Uses the Go on PATH (GOTOOLCHAIN=auto fetches the toolchain release go.mod asks for, through the
# Go module proxy).
set -euo pipefail
cd "$(dirname "$0")"
start=$(date +%s)
elapsed() { echo "$(( $(date +%s) - start ))s"; }
stamp=$(cat go.mod go.sum ./*.go | sha256sum | cut -d' ' -f1)
if [[ -x bin/appset-render && -f bin/.stamp && "$(cat bin/.stamp)" == "$stamp" ]]; then
  echo "appset-render: up to date, not rebuilt ($(elapsed))"
  exit 0
fi
if ! command -v go >/dev/null 2>&1; then
  echo "appset-render: go not found (install Go 1.26 or later, then run this again)" >&2
  exit 2
fi
module='github.com\/argoproj\/argo-cd\/v3'
argocd_version=$(sed -n "s/^require $module //p; s/^\t$module \(v[^ ]*\)$/\1/p" go.mod | head -1)
echo "appset-render: building Argo CD $argocd_version ApplicationSet code (first build: several minutes)"
mkdir -p bin
rm -f bin/.stamp
GOTOOLCHAIN=auto GOFLAGS=-mod=readonly go build -trimpath -o bin/appset-render.tmp .
mv bin/appset-render.tmp bin/appset-render
echo "$stamp" > bin/.stamp
echo "appset-render: built in $(elapsed)"
