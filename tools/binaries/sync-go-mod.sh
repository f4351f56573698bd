#!/usr/bin/env bash
# Regenerates the wrapper go.mod files in tools/binaries/{kubernetes,etcd,dex} from
# the pinned versions in tools/binaries/versions.json.
#
# k8s.io/kubernetes cannot be required as a plain module: its go.mod replaces every
# staging module (k8s.io/api, k8s.io/apimachinery, ...) with a path inside its own
# repository. The wrapper module therefore reads that list from the tag's own go.mod
# and replaces each staging module with its published v0.X.Y twin.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
source "$here/env.sh"

k8s_minor_patch="${STRATA_K8S_VERSION#v1.}"              # 37.2
staging_version="v0.${k8s_minor_patch}"                    # v0.37.2

gomod_file="$(go mod download -json "k8s.io/kubernetes@${STRATA_K8S_VERSION}" | jq -r .GoMod)"
mapfile -t staging < <(awk '$2 == "=>" && $3 ~ /^\.\/staging\// {print $1}' "$gomod_file")

# Some staging modules (the samples) are never published; they are not part of the
# binaries' build graph, so they are left out rather than replaced by a missing version.
args=()
for m in "${staging[@]}"; do args+=("${m}@${staging_version}"); done
mapfile -t served < <(go mod download -json "${args[@]}" 2>/dev/null | jq -r 'select(.Error == null) | .Path')

cd "$here/kubernetes"
rm -f go.mod go.sum
go mod init strata.dev/tools/binaries/kubernetes >/dev/null 2>&1
go mod edit -go=1.26.0
for m in "${served[@]}"; do go mod edit -replace="${m}=${m}@${staging_version}"; done
go mod edit -require="k8s.io/kubernetes@${STRATA_K8S_VERSION}"
for t in kube-apiserver kube-controller-manager kube-scheduler kubectl; do
  go mod edit -tool="k8s.io/kubernetes/cmd/${t}"
done
go mod tidy

cd "$here/etcd"
rm -f go.mod go.sum
go mod init strata.dev/tools/binaries/etcd >/dev/null 2>&1
go mod edit -go=1.26.0
go mod edit -require="go.etcd.io/etcd/server/v3@${STRATA_ETCD_VERSION}"
go mod edit -tool="go.etcd.io/etcd/server/v3"
go mod tidy

# Dex replaces github.com/dexidp/dex/api/v2 with ./api/v2 in its own go.mod; a replace is
# ignored in a dependency, so the wrapper requires a published api/v2 release that carries
# every gRPC type the pinned commit's server uses (versions.json "dexApi").
dex_api_version="$(jq -r .dexApi "$here/versions.json")"
cd "$here/dex"
rm -f go.mod go.sum
go mod init strata.dev/tools/binaries/dex >/dev/null 2>&1
go mod edit -go=1.26.0
go mod edit -require="github.com/dexidp/dex@${STRATA_DEX_VERSION}"
go mod edit -require="github.com/dexidp/dex/api/v2@${dex_api_version}"
go mod edit -tool="github.com/dexidp/dex/cmd/dex"
go mod tidy
echo "wrapper modules regenerated for kubernetes ${STRATA_K8S_VERSION}, etcd ${STRATA_ETCD_VERSION}, dex ${STRATA_DEX_VERSION}"
