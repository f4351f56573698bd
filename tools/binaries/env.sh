# Sourced by the binary scripts: pinned versions and cache locations.
# Everything expensive lives under the user's cache directory keyed by version,
# never in the repository, so every clone on the machine reuses it.
_strata_bin_here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
_strata_versions="$_strata_bin_here/versions.json"
STRATA_K8S_VERSION="$(jq -r .kubernetes "$_strata_versions")"
STRATA_ETCD_VERSION="$(jq -r .etcd "$_strata_versions")"
STRATA_KWOK_VERSION="$(jq -r .kwok "$_strata_versions")"
STRATA_DEX_VERSION="$(jq -r .dex "$_strata_versions")"
STRATA_CACHE_DIR="${STRATA_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/strata}"
export GOMODCACHE="${GOMODCACHE_STRATA:-$STRATA_CACHE_DIR/go/mod}"
export GOCACHE="${GOCACHE_STRATA:-$STRATA_CACHE_DIR/go/build}"
export GOFLAGS="-mod=mod"
export GOTOOLCHAIN=local
STRATA_K8S_BIN="$STRATA_CACHE_DIR/kubernetes/$STRATA_K8S_VERSION/bin"
STRATA_ETCD_BIN="$STRATA_CACHE_DIR/etcd/$STRATA_ETCD_VERSION/bin"
STRATA_KWOK_BIN="$STRATA_CACHE_DIR/kwok/$STRATA_KWOK_VERSION/bin"
STRATA_DEX_BIN="$STRATA_CACHE_DIR/dex/$STRATA_DEX_VERSION/bin"
export STRATA_K8S_VERSION STRATA_ETCD_VERSION STRATA_KWOK_VERSION STRATA_DEX_VERSION STRATA_CACHE_DIR
export STRATA_K8S_BIN STRATA_ETCD_BIN STRATA_KWOK_BIN STRATA_DEX_BIN
