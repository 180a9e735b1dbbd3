#!/usr/bin/env bash
# Load test (issue 13): gunicorn with the production settings on PostgreSQL, wrk against /healthz,
# an organisation's outcomes, commercial and skills pages (signed in, session cookie) and an API
# list (token). Prints requests/s, p50/p99 latency and errors for each: responses that are not
# 2xx, and socket errors (wrk counts a request with no answer within LOAD_TIMEOUT as one). Traffic goes to 127.0.0.1 only; every run is bounded by LOAD_DURATION.
#
#   bench/load.sh                       # 60 s × 32 connections per target
#   LOAD_DURATION=5s bench/load.sh      # a smoke run
#
# Settings (environment): LOAD_DURATION (60s), LOAD_CONNECTIONS (32), LOAD_THREADS (2), LOAD_TIMEOUT (10s),
# LOAD_WARMUP (5s of unmeasured load per target first; 0s for none),
# LOAD_WORKERS (gunicorn sync workers, 4), LOAD_PORT (8013),
# LOAD_DATABASE_URL (postgres://postgres@127.0.0.1:5432/ss_load; created, migrated and seeded
# with seed_demo when empty), LOAD_ORG (department-for-work-pensions).
set -euo pipefail
cd "$(dirname "$0")/.."

DURATION="${LOAD_DURATION:-60s}"
CONNECTIONS="${LOAD_CONNECTIONS:-32}"
THREADS="${LOAD_THREADS:-2}"
TIMEOUT="${LOAD_TIMEOUT:-10s}"
WARMUP="${LOAD_WARMUP:-5s}"
WORKERS="${LOAD_WORKERS:-4}"
PORT="${LOAD_PORT:-8013}"
ORG="${LOAD_ORG:-department-for-work-pensions}"
BASE="http://127.0.0.1:${PORT}"

if ! command -v wrk >/dev/null; then
  if [ "$(id -u)" = 0 ]; then
    apt-get install -y -q wrk >/dev/null
  else
    echo "wrk is missing: sudo apt-get install -y wrk" >&2
    exit 1
  fi
fi

# Production settings: DEBUG off, a real secret, HTTPS redirect off (plain HTTP on loopback).
export DJANGO_DEBUG=0
export SECRET_KEY="${SECRET_KEY:-load-test-$(head -c 48 /dev/urandom | base64 | tr -d '/+=')}"
export ALLOWED_HOSTS=127.0.0.1
export SECURE_SSL_REDIRECT=0
export DATABASE_URL="${LOAD_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/ss_load}"
export SMARTERSTATE_VAR_DIR="${SMARTERSTATE_VAR_DIR:-$(mktemp -d)}"
export LOG_LEVEL=WARNING

read -r SESSION TOKEN < <(.venv/bin/python bench/load_setup.py)

.venv/bin/gunicorn smarterstate.wsgi:application --bind "127.0.0.1:${PORT}" --workers "$WORKERS" \
  --access-logfile /dev/null --error-logfile "$SMARTERSTATE_VAR_DIR/gunicorn.log" &
GUNICORN=$!
trap 'kill "$GUNICORN" 2>/dev/null; wait "$GUNICORN" 2>/dev/null || true' EXIT
for _ in $(seq 60); do
  curl -fs "$BASE/healthz" >/dev/null 2>&1 && break
  sleep 0.5
done

echo "gunicorn ${WORKERS} sync workers, PostgreSQL; wrk ${THREADS} threads × ${CONNECTIONS} connections × ${DURATION}"
printf '%-32s %9s %9s %9s %9s %8s %8s\n' target "req/s" "p50 ms" "p99 ms" requests non-2xx socket
run() {
  local name="$1" path="$2"; shift 2
  # Warm the workers' caches (and check the target answers 200) before measuring.
  local code
  code=$(curl -s -o /dev/null -w '%{http_code}' "$@" "$BASE$path")
  [ "$code" = 200 ] || echo "warning: $path answered $code before the run" >&2
  # A short unmeasured run warms every worker, not just the one the check reached: a cold
  # worker's first page loads its templates and starts the chart renderer (about 0.5 s).
  [ "$WARMUP" = 0s ] || wrk -t1 -c"$CONNECTIONS" -d"$WARMUP" --timeout "$TIMEOUT" "$@" "$BASE$path" >/dev/null
  local line
  line=$(wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --timeout "$TIMEOUT" --latency -s bench/load.lua "$@" "$BASE$path" | grep '^RESULT')
  # RESULT requests=… rps=… p50_ms=… p99_ms=… non2xx=… socket_errors=…
  eval "local ${line#RESULT }"
  printf '%-32s %9s %9s %9s %9s %8s %8s\n' "$name" "$rps" "$p50_ms" "$p99_ms" "$requests" "$non2xx" "$socket_errors"
}
COOKIE=(-H "Cookie: sessionid=${SESSION}")
run "/healthz" "/healthz"
run "outcomes (signed in)" "/o/${ORG}/outcomes/" "${COOKIE[@]}"
run "commercial (signed in)" "/o/${ORG}/commercial/" "${COOKIE[@]}"
run "skills (signed in)" "/o/${ORG}/skills/" "${COOKIE[@]}"
run "API outcomes initiatives (token)" "/api/v1/outcomes/initiatives/" -H "Authorization: Token ${TOKEN}"
