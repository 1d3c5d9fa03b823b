#!/usr/bin/env bash
# Builds tools/appset-render (Argo CD's own ApplicationSet generators and template code, from the
# Go module proxy) into tools/appset-render/bin/appset-render, for the differential test
# tests/appset/differential.test.ts. Cached: a second run with the same go.mod, go.sum and sources
# does not build (and the Go module and build caches make a rebuild cheap). Prints the time taken.
# Uses the Go on PATH (GOTOOLCHAIN=auto fetches the release go.mod asks for), or with no Go at
# all fetches that release from the Go module proxy into ~/.cache/zarish-go.
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
  # No Go here: take the toolchain go.mod asks for from the Go module proxy (golang.org/toolchain).
  want=$(sed -n 's/^go \([0-9.]*\)$/\1/p' go.mod)
  arch=$(uname -m | sed 's/x86_64/amd64/; s/aarch64/arm64/')
  module="v0.0.1-go${want}.linux-${arch}"
  cache="${XDG_CACHE_HOME:-$HOME/.cache}/zarish-go"
  if [[ ! -x "$cache/golang.org/toolchain@$module/bin/go" ]]; then
    echo "appset-render: go not found; fetching Go ${want} from the Go module proxy"
    mkdir -p "$cache"
    curl -fsSLo "$cache/go.zip" "${GOPROXY_URL:-https://proxy.golang.org}/golang.org/toolchain/@v/$module.zip"
    if command -v unzip >/dev/null 2>&1; then unzip -q -o "$cache/go.zip" -d "$cache"
    elif command -v python3 >/dev/null 2>&1; then python3 -m zipfile -e "$cache/go.zip" "$cache"
    else echo "appset-render: go not found, and neither unzip nor python3 to unpack it" >&2; exit 2
    fi
    chmod +x "$cache/golang.org/toolchain@$module/bin/"* "$cache/golang.org/toolchain@$module/pkg/tool/"*/*
    rm -f "$cache/go.zip"
  fi
  export PATH="$cache/golang.org/toolchain@$module/bin:$PATH"
fi
echo "appset-render: building Argo CD $(sed -n 's/^require github.com\/argoproj\/argo-cd\/v3 //p; s/^\tgithub.com\/argoproj\/argo-cd\/v3 \(v[^ ]*\)$/\1/p' go.mod | head -1) ApplicationSet code (first build: several minutes)"
mkdir -p bin
rm -f bin/.stamp
GOTOOLCHAIN=auto GOFLAGS=-mod=readonly go build -trimpath -o bin/appset-render.tmp .
mv bin/appset-render.tmp bin/appset-render
echo "$stamp" > bin/.stamp
echo "appset-render: built in $(elapsed)"
