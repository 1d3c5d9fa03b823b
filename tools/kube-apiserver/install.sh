#!/usr/bin/env bash
# Installs the control plane of `validate --server`: kube-apiserver built from this module (the
# pinned k8s.io/kubernetes release, with the version ldflags of upstream's hack/lib/version.sh so
# /version reports it) and etcd built from ../etcd (the etcd server release Kubernetes is tested
# with). Both come through the Go module proxy; nothing else is downloaded.
#
# Idempotent: binaries are cached by version in $ZARISH_HIS_CACHE/bin (default
# ${XDG_CACHE_HOME:-~/.cache}/zarish-his/bin); a second run only checks them. Go's module and build
# caches make a rebuild after a cache wipe cheaper too.
#
# Usage: tools/kube-apiserver/install.sh [--check]
#   --check  exit 0 if both binaries are installed, 1 if not (builds nothing)
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
etcd_mod="$here/../etcd"
cache=${ZARISH_HIS_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/zarish-his}
bin="$cache/bin"

case "${1-}" in
  "" | --check) ;;
  -h | --help)
    sed -n '2,13p' "$0" | sed 's/^# \{0,1\}//'
    exit 0 ;;
  *) echo "install.sh: unknown argument '$1' (expected --check or nothing)" >&2; exit 2 ;;
esac

# The pinned versions are the go.mod require lines: the single source of truth (the TypeScript side
# reads the same lines to find the binaries).
pinned() { awk -v m="$2" '$1 == m { print $2; exit } $1 == "require" && $2 == m { print $3; exit }' "$1/go.mod"; }
kube_version=$(pinned "$here" k8s.io/kubernetes)
etcd_version=$(pinned "$etcd_mod" go.etcd.io/etcd/server/v3)
kas="$bin/kube-apiserver-$kube_version"
etcd="$bin/etcd-$etcd_version"

installed() { [[ -x "$kas" && -x "$etcd" ]]; }

if [[ "${1-}" == "--check" ]]; then
  installed && exit 0
  echo "not installed: $kas and/or $etcd (run tools/kube-apiserver/install.sh)" >&2
  exit 1
fi

if installed; then
  echo "kube-apiserver $kube_version and etcd $etcd_version: already installed in $bin (cached, nothing built)"
  exit 0
fi

if ! command -v go >/dev/null 2>&1; then
  echo "install.sh: go not found; the control plane of validate --server is built from Go modules" \
    "(install Go >= 1.25)" >&2
  exit 2
fi
mkdir -p "$bin"
export CGO_ENABLED=0 GOFLAGS=-buildvcs=false

# Build into a temporary name next to the target and rename: an interrupted build never leaves a
# binary that looks installed.
build() { # dir out package ldflags
  local tmp="$2.tmp.$$"
  trap 'rm -f "'"$tmp"'"' EXIT
  (cd "$1" && go build -trimpath -ldflags "$4" -o "$tmp" "$3")
  mv -f "$tmp" "$2"
  trap - EXIT
}

if [[ ! -x "$kas" ]]; then
  start=$SECONDS
  echo "building kube-apiserver $kube_version from the Go module proxy (about 8 CPU-minutes the first time)"
  # The release commit and date, from the module proxy's record of the tag.
  info=$(cd "$here" && go mod download -json "k8s.io/kubernetes@$kube_version")
  commit=$(sed -n 's/.*"Hash": *"\([0-9a-f]*\)".*/\1/p' <<<"$info" | head -1)
  date=$(sed -n 's/.*"Time": *"\([^"]*\)".*/\1/p' "$(sed -n 's/.*"Info": *"\([^"]*\)".*/\1/p' <<<"$info")" | head -1)
  date=${date%Z}; date=${date%%.*}
  minor=${kube_version#v1.}; minor=${minor%%.*}
  ldflags="-s -w"
  for pkg in k8s.io/client-go/pkg/version k8s.io/component-base/version; do
    ldflags+=" -X $pkg.gitVersion=$kube_version -X $pkg.gitMajor=1 -X $pkg.gitMinor=$minor"
    ldflags+=" -X $pkg.gitCommit=${commit:-unknown} -X $pkg.gitTreeState=clean"
    ldflags+=" -X $pkg.buildDate=${date:-1970-01-01T00:00:00}Z"
  done
  build "$here" "$kas" k8s.io/kubernetes/cmd/kube-apiserver "$ldflags"
  echo "built $kas in $((SECONDS - start)) s"
fi

if [[ ! -x "$etcd" ]]; then
  start=$SECONDS
  echo "building etcd $etcd_version from the Go module proxy (about 1 CPU-minute the first time)"
  build "$etcd_mod" "$etcd" . "-s -w"
  echo "built $etcd in $((SECONDS - start)) s"
fi

"$kas" --version
"$etcd" --version | head -1
