#!/usr/bin/env bash
# Sets up and runs Edgeplane on this machine: local services, database migrations, the controller,
# a compiler and three edge agents. The tour (scripts/demo-tour.ts) provisions the devices, uploads a
# real ONNX model, compiles and verifies its variants, rolls it out in two gated waves, predicts
# through every agent and shows the fleet's latency; then everything keeps running (Ctrl-C stops it).
set -euo pipefail
cd "$(dirname "$0")/.."

[ -d node_modules ] || npm ci --no-audit --no-fund
bash scripts/services.sh

export DATABASE_URL=${DATABASE_URL:-postgresql://postgres@127.0.0.1:5432/edgeplane}
export EDGEPLANE_DATA_DIR=${EDGEPLANE_DATA_DIR:-$PWD/var}
export EDGEPLANE_HTTP_PORT=${EDGEPLANE_HTTP_PORT:-8080}
export LOG_FORMAT=${LOG_FORMAT:-pretty}
export LOG_LEVEL=${LOG_LEVEL:-warn}
url="http://localhost:$EDGEPLANE_HTTP_PORT"
key_file="$EDGEPLANE_DATA_DIR/bootstrap-admin.key"

npm run -s db:migrate
npm run -s build

node dist/apps/controller/apps/controller/src/main.js &
controller=$!
node dist/apps/compiler/apps/compiler/src/main.js &
compiler=$!
trap 'kill $controller $compiler 2>/dev/null || true' EXIT INT TERM

for _ in $(seq 1 100); do
  curl -sf "$url/api/v1/ready" >/dev/null && break
  kill -0 $controller 2>/dev/null || { echo "demo: the controller exited; see its log above" >&2; exit 1; }
  sleep 0.2
done
curl -sf "$url/api/v1/ready" >/dev/null || { echo "demo: the controller is not ready; see $url/api/v1/ready" >&2; exit 1; }

if [ ! -f "$key_file" ]; then
  # The database was bootstrapped by an earlier run whose key file is gone: issue a new admin key.
  mkdir -p "$EDGEPLANE_DATA_DIR"
  node dist/apps/controller/apps/controller/src/admin-cli.js "demo-admin-$(date +%s)" admin | tail -n 1 > "$key_file"
  chmod 600 "$key_file"
fi
DEMO_URL="$url" DEMO_KEY_FILE="$key_file" node_modules/.bin/tsx scripts/demo-tour.ts &
tour=$!
trap 'kill $tour $controller $compiler 2>/dev/null || true' EXIT INT TERM
wait $tour
