#!/usr/bin/env bash
# Builds the pinned kube-apiserver, kube-controller-manager, kube-scheduler, kubectl,
# etcd, KWOK and Dex (the OpenID Connect provider the console's login tests run against)
# from Go modules into the user's cache directory. Idempotent: a binary whose stamp
# matches the pinned version is not rebuilt.
#
# STRATA_K8S_BIN_DIR may name a directory of official binaries instead (kube-apiserver,
# kube-controller-manager, kube-scheduler, kubectl, etcd, kwok, and optionally dex); they
# are then linked into the cache rather than built.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
source "$here/env.sh"

log() { printf '[binaries] %s\n' "$*" >&2; }

# Version stamp of a built set: rebuilt only when the pin changes.
stamp_ok() { [[ -f "$1/.stamp" && "$(cat "$1/.stamp")" == "$2" ]]; }

if [[ -n "${STRATA_K8S_BIN_DIR:-}" ]]; then
  log "using binaries from STRATA_K8S_BIN_DIR=$STRATA_K8S_BIN_DIR"
  mkdir -p "$STRATA_K8S_BIN" "$STRATA_ETCD_BIN" "$STRATA_KWOK_BIN"
  for b in kube-apiserver kube-controller-manager kube-scheduler kubectl; do
    ln -sf "$STRATA_K8S_BIN_DIR/$b" "$STRATA_K8S_BIN/$b"
  done
  ln -sf "$STRATA_K8S_BIN_DIR/etcd" "$STRATA_ETCD_BIN/etcd"
  ln -sf "$STRATA_K8S_BIN_DIR/kwok" "$STRATA_KWOK_BIN/kwok"
  if [[ -x "$STRATA_K8S_BIN_DIR/dex" ]]; then
    mkdir -p "$STRATA_DEX_BIN"
    ln -sf "$STRATA_K8S_BIN_DIR/dex" "$STRATA_DEX_BIN/dex"
    exit 0
  fi
  only_dex=1
fi

command -v go >/dev/null || { log "Go is required to build the pinned binaries: install Go >= 1.24 (apt-get install golang-go) or set STRATA_K8S_BIN_DIR"; exit 1; }

# Two cores on the reference machine: keep one build at a time, with parallel compile.
export GOMAXPROCS="${GOMAXPROCS:-$(nproc)}"

build_kubernetes() {
  local out="$STRATA_K8S_BIN" stamp="kubernetes $STRATA_K8S_VERSION"
  if stamp_ok "$out" "$stamp"; then log "kubernetes $STRATA_K8S_VERSION: cached in $out"; return; fi
  local v="$STRATA_K8S_VERSION" minor major
  major="$(cut -d. -f1 <<<"${v#v}")"; minor="$(cut -d. -f2 <<<"$v")"
  local date; date="$(jq -r .Time "$(go mod download -json "k8s.io/kubernetes@$v" | jq -r .Info)")"
  local ld="-s -w"
  for pkg in k8s.io/component-base/version k8s.io/client-go/pkg/version; do
    ld+=" -X $pkg.gitVersion=$v -X $pkg.gitMajor=$major -X $pkg.gitMinor=$minor"
    ld+=" -X $pkg.gitTreeState=clean -X $pkg.buildDate=$date"
    ld+=" -X $pkg.gitCommit=0000000000000000000000000000000000000000"
  done
  mkdir -p "$out"
  cd "$here/kubernetes"
  for cmd in kube-apiserver kube-controller-manager kube-scheduler kubectl; do
    log "building $cmd $v (first build takes several minutes)"
    CGO_ENABLED=0 go build -trimpath -ldflags "$ld" -o "$out/$cmd.tmp" "k8s.io/kubernetes/cmd/$cmd"
    mv "$out/$cmd.tmp" "$out/$cmd"
  done
  echo "$stamp" > "$out/.stamp"
}

build_etcd() {
  local out="$STRATA_ETCD_BIN" stamp="etcd $STRATA_ETCD_VERSION"
  if stamp_ok "$out" "$stamp"; then log "etcd $STRATA_ETCD_VERSION: cached in $out"; return; fi
  mkdir -p "$out"
  cd "$here/etcd"
  log "building etcd $STRATA_ETCD_VERSION"
  CGO_ENABLED=0 go build -trimpath -ldflags "-s -w" -o "$out/etcd.tmp" go.etcd.io/etcd/server/v3
  mv "$out/etcd.tmp" "$out/etcd"
  echo "$stamp" > "$out/.stamp"
}

build_kwok() {
  local out="$STRATA_KWOK_BIN" stamp="kwok+kwokctl $STRATA_KWOK_VERSION"
  if stamp_ok "$out" "$stamp"; then log "kwok $STRATA_KWOK_VERSION: cached in $out"; return; fi
  mkdir -p "$out"
  log "building kwok $STRATA_KWOK_VERSION"
  # kwokctl is only used by the benchmark, which compares Strata's install with
  # `kwokctl create cluster --runtime binary` on the same pinned binaries.
  for cmd in kwok kwokctl; do
    CGO_ENABLED=0 GOBIN="$out" go install -trimpath \
      -ldflags "-s -w -X sigs.k8s.io/kwok/pkg/consts.Version=$STRATA_KWOK_VERSION" \
      "sigs.k8s.io/kwok/cmd/$cmd@$STRATA_KWOK_VERSION"
  done
  echo "$stamp" > "$out/.stamp"
}

# Dex is published only as pseudo-versions and its go.mod replaces its own api/v2 module
# with a local path, so `go install dex@version` refuses it: the wrapper module in dex/
# requires it together with a published api/v2 release instead. The pin is the commit of
# Dex v2.41.1, whose gRPC API is in api/v2 v2.2.0 (versions.json "dexApi").
build_dex() {
  local out="$STRATA_DEX_BIN" stamp="dex $STRATA_DEX_VERSION"
  if stamp_ok "$out" "$stamp"; then log "dex $STRATA_DEX_VERSION: cached in $out"; return; fi
  mkdir -p "$out"
  cd "$here/dex"
  log "building dex $STRATA_DEX_VERSION (first build takes a few minutes)"
  # CGO on: this Dex release refers to its SQLite storage (go-sqlite3) unconditionally.
  CGO_ENABLED=1 go build -trimpath -ldflags "-s -w -X main.version=$STRATA_DEX_VERSION" \
    -o "$out/dex.tmp" github.com/dexidp/dex/cmd/dex
  mv "$out/dex.tmp" "$out/dex"
  echo "$stamp" > "$out/.stamp"
}

if [[ -z "${only_dex:-}" ]]; then
  build_etcd
  build_kubernetes
  build_kwok
fi
build_dex
log "ready: $STRATA_K8S_BIN $STRATA_ETCD_BIN $STRATA_KWOK_BIN $STRATA_DEX_BIN"
