#!/usr/bin/env bash
# Makes sure a PostgreSQL server answers on 127.0.0.1:5432 (user postgres, trust auth), starting
# the local Debian cluster if it is installed but stopped. Exit 0 when it answers, 1 otherwise.
set -uo pipefail

answers() { pg_isready -q -h 127.0.0.1 -p 5432 -U postgres 2>/dev/null; }

command -v pg_isready >/dev/null || exit 1
answers && exit 0
if command -v pg_ctlcluster >/dev/null && [ "$(id -u)" = 0 ]; then
  for version in $(ls /etc/postgresql 2>/dev/null); do
    pg_ctlcluster --skip-systemctl-redirect "$version" main start 2>/dev/null || true
  done
  for _ in $(seq 1 20); do answers && exit 0; sleep 0.5; done
fi
exit 1
