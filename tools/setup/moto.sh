#!/usr/bin/env bash
# moto, the AWS emulator the AWS driver's tests and benchmark run against: `moto[server]`
# from PyPI, pinned, in a virtual environment in the user's cache directory. Idempotent:
# a warm run only asks the installed moto for its version.
set -euo pipefail
version="5.2.5"
cache="${STRATA_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/strata}"
venv="$cache/moto-$version"
log() { printf '[setup] %s\n' "$*" >&2; }

# The package's own install record; importing moto to ask would take most of a second.
if [[ -x "$venv/bin/moto_server" ]] && compgen -G "$venv/lib/python3*/site-packages/moto-$version.dist-info" >/dev/null; then
  exit 0
fi
python="$(command -v python3 || true)"
if [[ -z "$python" ]]; then
  log "python3 is missing: apt-get install -y python3 python3-venv  (needed for moto, the AWS emulator)"
  exit 1
fi
log "installing moto[server]==$version into $venv"
rm -rf "$venv"
"$python" -m venv "$venv"
"$venv/bin/pip" install --quiet --disable-pip-version-check "moto[server]==$version"
"$venv/bin/python" -c "import moto; assert moto.__version__ == '$version'"
