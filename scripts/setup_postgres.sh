#!/usr/bin/env bash
# Install the PostgreSQL server binaries (Debian's `postgresql` package) when they are missing.
# Idempotent: does nothing when initdb/pg_ctl are already present. Used by `make test`;
# the test fixture (tests/pg.py) starts its own throw-away server, never the system cluster.
# Needs root (or sudo) only when it actually has to install; otherwise it only checks.
set -euo pipefail

have_pg() {
  command -v initdb >/dev/null 2>&1 && command -v pg_ctl >/dev/null 2>&1 && return 0
  compgen -G "/usr/lib/postgresql/*/bin/initdb" >/dev/null 2>&1
}

if have_pg; then
  echo "setup_postgres: PostgreSQL server binaries present"
  exit 0
fi

if ! command -v apt-get >/dev/null 2>&1; then
  echo "setup_postgres: no PostgreSQL and no apt-get; install PostgreSQL 15+ by hand" \
       "(postgres tests will be skipped)" >&2
  exit 0
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
    SUDO="sudo -n"
  else
    echo "setup_postgres: not root and no password-less sudo; run: apt-get install -y postgresql" \
         "(postgres tests will be skipped)" >&2
    exit 0
  fi
fi

echo "setup_postgres: installing Debian package 'postgresql'"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -q
$SUDO apt-get install -y -q --no-install-recommends postgresql
have_pg && echo "setup_postgres: done"
