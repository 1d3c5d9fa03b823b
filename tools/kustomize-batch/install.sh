#!/usr/bin/env bash
# Builds tools/kustomize-batch (the kustomize CLI's own build command, at the version go.mod pins,
# run for many directories in one process; see main.go) into
# $ZARISH_HIS_CACHE/bin/kustomize-batch-<version> (default ${XDG_CACHE_HOME:-~/.cache}/zarish-his),
# where render and validate look for it. Cached: a second run with the same go.mod, go.sum, main.go
# and this script builds nothing. Prints the time taken. Needs Go; all code comes from the Go module
# proxy, and the build shares Go's build cache with `go install` of the kustomize CLI.
#
# Usage: tools/kustomize-batch/install.sh
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
cache=${ZARISH_HIS_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/zarish-his}
start=$SECONDS

case "${1-}" in
  "") ;;
  -h | --help) sed -n '2,9p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
  *) echo "install.sh: unknown argument '$1' (expected none)" >&2; exit 2 ;;
esac

# The pinned kustomize: the require line of go.mod (a test checks it equals `npm run tool-versions -- kustomize`).
version=$(awk '$1 == "sigs.k8s.io/kustomize/kustomize/v5" { print $2; exit }
  $1 == "require" && $2 == "sigs.k8s.io/kustomize/kustomize/v5" { print $3; exit }' "$here/go.mod")
if [[ -z "$version" ]]; then
  echo "install.sh: $here/go.mod: no require line for sigs.k8s.io/kustomize/kustomize/v5" >&2
  exit 2
fi
out="$cache/bin/kustomize-batch-$version"
stamp=$(cat "$here/go.mod" "$here/go.sum" "$here/main.go" "$here/install.sh" | sha256sum | cut -d' ' -f1)
if [[ -x "$out" && -f "$out.stamp" && "$(cat "$out.stamp")" == "$stamp" ]]; then
  echo "kustomize-batch $version: already installed at $out (cached, nothing built, $((SECONDS - start)) s)"
  exit 0
fi
if ! command -v go >/dev/null 2>&1; then
  echo "install.sh: go not found; kustomize-batch is built from Go modules (install Go >= 1.24)" >&2
  exit 2
fi
echo "building kustomize-batch (kustomize $version) from the Go module proxy"
mkdir -p "$cache/bin"
# A temporary name, then a rename: an interrupted build never leaves a binary that looks installed.
tmp="$out.tmp.$$"
trap 'rm -f "$tmp"' EXIT
(cd "$here" && GOFLAGS="-mod=readonly -buildvcs=false" go build -o "$tmp" .)
rm -f "$out.stamp"
mv -f "$tmp" "$out"
echo "$stamp" > "$out.stamp"
trap - EXIT
echo "kustomize-batch $version: built $out in $((SECONDS - start)) s ($("$out" version))"
