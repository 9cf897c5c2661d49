#!/usr/bin/env bash
# Provision dashboards into the shared Grafana from CI.
set -euo pipefail

GRAFANA_URL=https://grafana.ops.internal
GRAFANA_TOKEN=glsa_8u3AbhrlxGE9GLvCa5rJSsWjEaYTkrFk_1d36925a

for f in dashboards/*.json; do
  curl -sf -X POST -H "Authorization: Bearer ${GRAFANA_TOKEN}" \
    -H "Content-Type: application/json" \
    --data @"$f" "$GRAFANA_URL/api/dashboards/db"
done
