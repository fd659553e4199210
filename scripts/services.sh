#!/usr/bin/env bash
# Makes sure PostgreSQL, Redis and Mosquitto answer on their standard local ports, starting each one
# with this machine's own command if it does not. Used by .ci/run and the demo; on a machine with
# Docker, `docker compose up -d postgres redis mosquitto` does the same job.
set -euo pipefail

wait_for() { # name, probe command...
  local name=$1; shift
  for _ in $(seq 1 50); do
    if "$@" >/dev/null 2>&1; then echo "services: $name is up"; return 0; fi
    sleep 0.2
  done
  echo "services: $name did not come up; check its log" >&2
  return 1
}

postgres_up() { pg_isready -h 127.0.0.1 -p 5432 -q; }
redis_up() { [ "$(redis-cli -h 127.0.0.1 -p 6379 ping 2>/dev/null)" = PONG ]; }
mosquitto_up() { mosquitto_sub -h 127.0.0.1 -p 1883 -t '$SYS/broker/version' -C 1 -W 2 >/dev/null 2>&1; }

if ! postgres_up; then
  pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql)" main start
fi
wait_for postgres postgres_up

if ! redis_up; then
  mkdir -p /var/lib/redis /var/log/redis
  redis-server --daemonize yes --bind 127.0.0.1 -::1 --port 6379 --save "" --appendonly no \
    --dir /var/lib/redis --logfile /var/log/redis/ci.log
fi
wait_for redis redis_up

if ! mosquitto_up; then
  mosquitto -d -c /etc/mosquitto/mosquitto.conf
fi
wait_for mosquitto mosquitto_up
