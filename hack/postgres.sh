#!/usr/bin/env bash
# Installs what the "sql" tests need when it is missing: Debian's PostgreSQL server
# (initdb, pg_ctl, postgres, psql) and busybox (to run goose-up.sh under ash too).
# Idempotent and non-interactive; uses sudo when not root.
set -euo pipefail

have_server() {
  compgen -G '/usr/lib/postgresql/*/bin/initdb' >/dev/null &&
    compgen -G '/usr/lib/postgresql/*/bin/pg_ctl' >/dev/null &&
    command -v psql >/dev/null
}

missing=()
have_server || missing+=(postgresql postgresql-client)
command -v busybox >/dev/null || missing+=(busybox)

if ((${#missing[@]} == 0)); then
  echo "postgres.sh: PostgreSQL server and busybox already installed"
  exit 0
fi

sudo=()
if [[ $(id -u) -ne 0 ]]; then
  sudo=(sudo -n)
fi
export DEBIAN_FRONTEND=noninteractive
echo "postgres.sh: installing ${missing[*]}"
"${sudo[@]}" apt-get update -qq
# policy-rc.d is not touched: Debian's postgresql package may start its own cluster
# on 5432; the tests never use it (they start a private server on a free port).
"${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
have_server || { echo "postgres.sh: PostgreSQL server binaries still missing" >&2; exit 1; }
command -v busybox >/dev/null || { echo "postgres.sh: busybox still missing" >&2; exit 1; }
echo "postgres.sh: done"
