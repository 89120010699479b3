#!/usr/bin/env bash
# Make sure the local PostgreSQL and RabbitMQ (with its management plugin) are up.
# Used by `make run` and `make test`; does nothing for servers that are not on this machine.
set -euo pipefail

database_url="${DATABASE_URL:-postgresql://postgres@127.0.0.1:5432/postgres}"
amqp_url="${AMQP_URL:-amqp://guest:guest@127.0.0.1:5672/}"
local_host() { [[ "$1" == *"@127.0.0.1"* || "$1" == *"@localhost"* ]]; }

wait_for() {  # wait_for <what> <seconds> <command...>
  local what=$1 seconds=$2; shift 2
  for _ in $(seq "$seconds"); do "$@" >/dev/null 2>&1 && return 0; sleep 1; done
  echo "$what did not come up within ${seconds}s" >&2; return 1
}

if local_host "$database_url" && ! pg_isready -q -h 127.0.0.1; then
  echo "Starting PostgreSQL..."
  pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql)" main start
  wait_for PostgreSQL 30 pg_isready -q -h 127.0.0.1
fi

if local_host "$amqp_url"; then
  if ! rabbitmq-diagnostics -q ping >/dev/null 2>&1; then
    echo "Starting RabbitMQ..."
    # its file handle limit follows the descriptors it may open: each c_env costs quorum-queue handles and past the
    # limit the broker accepts no new connection (ADR 0089), so not a login shell's 1024. Debian's wrapper starts it
    # through `su`, whose PAM session resets the soft limit, so it is raised where the broker's own shell reads it.
    env_conf=/etc/rabbitmq/rabbitmq-env.conf
    if [[ -w /etc/rabbitmq ]] && ! grep -qs '^ulimit -n' "$env_conf"; then
      printf '\n%s\n' 'ulimit -n "$(ulimit -Hn | sed s/unlimited/65536/)" 2>/dev/null || true' >> "$env_conf"
    fi
    rabbitmq-server -detached
    wait_for RabbitMQ 60 rabbitmq-diagnostics -q ping
  fi
  if ! curl -fsS -o /dev/null -u guest:guest http://127.0.0.1:15672/api/overview 2>/dev/null; then
    echo "Enabling the RabbitMQ management plugin..."
    rabbitmq-plugins enable rabbitmq_management >/dev/null
    wait_for "RabbitMQ management API" 60 curl -fsS -o /dev/null -u guest:guest http://127.0.0.1:15672/api/overview
  fi
fi
