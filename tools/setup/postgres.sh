#!/usr/bin/env bash
# Starts the machine's PostgreSQL cluster and makes sure the role and database the
# tests use exist: postgres://strata:strata@127.0.0.1:5432/strata_test
set -euo pipefail
log() { printf '[postgres] %s\n' "$*" >&2; }
version="$(ls /etc/postgresql | sort -V | tail -1)"
if ! pg_lsclusters -h | awk -v v="$version" '$1==v && $2=="main" && $4=="online"' | grep -q .; then
  log "starting PostgreSQL $version"
  pg_ctlcluster --skip-systemctl-redirect "$version" main start
fi
for _ in $(seq 1 30); do pg_isready -q -h 127.0.0.1 && break; sleep 0.5; done
psql_admin() { if [[ $(id -u) -eq 0 ]]; then su postgres -c "psql -qtAc \"$1\""; else sudo -u postgres psql -qtAc "$1"; fi; }
[[ "$(psql_admin "SELECT 1 FROM pg_roles WHERE rolname='strata'")" == 1 ]] ||
  psql_admin "CREATE ROLE strata LOGIN SUPERUSER PASSWORD 'strata'"
[[ "$(psql_admin "SELECT 1 FROM pg_database WHERE datname='strata_test'")" == 1 ]] ||
  psql_admin "CREATE DATABASE strata_test OWNER strata"
log "ready on 127.0.0.1:5432"
