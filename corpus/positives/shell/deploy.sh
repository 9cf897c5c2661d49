#!/usr/bin/env bash
set -euo pipefail

# quick deploy helper — run from repo root
export AWS_ACCESS_KEY_ID=AKIAMVLOVRN4IFCYMVQH
export AWS_SECRET_ACCESS_KEY="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"
export AWS_DEFAULT_REGION=ap-southeast-2

IMAGE="123456789012.dkr.ecr.ap-southeast-2.amazonaws.com/booking-api"
TAG="$(git rev-parse --short HEAD)"

aws ecr get-login-password | docker login --username AWS --password-stdin "${IMAGE%%/*}"
docker build -t "$IMAGE:$TAG" .
docker push "$IMAGE:$TAG"

# tag the release on GitHub
curl -sf -X POST \
  -H "Authorization: token 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" \
  -H "Accept: application/vnd.github+json" \
  https://api.github.com/repos/koala-bookings/booking-api/git/refs \
  -d "{\"ref\":\"refs/tags/deploy-$TAG\",\"sha\":\"$(git rev-parse HEAD)\"}"

echo "deployed $TAG"
