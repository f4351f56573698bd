#!/usr/bin/env bash
# One-command set-up, shared by `npm start` and `npm test`. Idempotent and quick when
# warm: every step checks before it acts.
#   1. Debian packages the platform needs (apt-get, as root or through sudo)
#   2. npm dependencies, including the project's pinned Node.js 24 runtime
#   3. the pinned Kubernetes, etcd, KWOK and kubectl binaries (built from Go modules
#      into the user's cache directory, see tools/binaries)
#   4. the bundles the CLI and the node agents start from (see libs/toolchain/src/bundle.ts)
#   5. moto, the AWS emulator (a Python virtual environment in the cache, tools/setup/moto.sh)
#   6. PostgreSQL started, with the role and database the tests use (test mode only)
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"
mode="${1:-start}"
started=$(date +%s)
log() { printf '[setup] %s\n' "$*" >&2; }

as_root() {
  if [[ $(id -u) -eq 0 ]]; then "$@"
  elif command -v sudo >/dev/null; then sudo "$@"
  else log "need root for: $*  (run as root or install sudo)"; return 1; fi
}

# --- 1. Debian packages -------------------------------------------------------------
# command -> package providing it
declare -A packages=(
  [jq]=jq
  [openssl]=openssl
  [gcc]=gcc
  [ignition-validate]=ignition
  [chromium]=chromium
  [psql]=postgresql-client
  [pg_ctlcluster]=postgresql
)
missing=()
for cmd in "${!packages[@]}"; do
  command -v "$cmd" >/dev/null 2>&1 || missing+=("${packages[$cmd]}")
done
[[ -x /usr/lib/dracut/modules.d/30ignition/ignition ]] || missing+=(ignition)
if ((${#missing[@]})); then
  mapfile -t missing < <(printf '%s\n' "${missing[@]}" | sort -u)
  log "installing Debian packages: ${missing[*]}"
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# --- 2. npm dependencies -------------------------------------------------------------
# Reinstall only when package-lock.json changed since the last install.
lock_hash="$(sha256sum package-lock.json | cut -d' ' -f1)"
marker="node_modules/.strata-lock-hash"
if [[ ! -x node_modules/.bin/node || ! -f "$marker" || "$(cat "$marker")" != "$lock_hash" ]]; then
  log "installing npm dependencies (npm ci)"
  npm ci --no-audit --no-fund --loglevel=error
  echo "$lock_hash" > "$marker"
fi
log "node $(node_modules/.bin/node --version) (project runtime)"

# --- 3. pinned binaries --------------------------------------------------------------
bash tools/binaries/build.sh

# --- 4. bundles of the CLI and the node agent (rebuilt only when their sources change) --
node_modules/.bin/node tools/workspace/setup/bundles.ts

# --- 5. moto, the AWS emulator the AWS driver is tested against ---------------------------
bash tools/setup/moto.sh

# --- 6. PostgreSQL (tests use it for the production database path) -------------------
if [[ "$mode" == "test" ]]; then
  bash tools/setup/postgres.sh
fi

log "ready in $(( $(date +%s) - started ))s"
