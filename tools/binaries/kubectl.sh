#!/usr/bin/env bash
# The kubectl of the pinned Kubernetes version (the machine's own kubectl may be too old
# for the skew policy). Usage: npm run kubectl -- get nodes
set -euo pipefail
source "$(cd "$(dirname "$0")" && pwd)/env.sh"
exec "$STRATA_K8S_BIN/kubectl" "$@"
