#!/usr/bin/env bash
# Upload source maps and tag the release in Sentry + Rollbar.
set -euo pipefail

VERSION="$(git describe --tags --always)"
export SENTRY_ORG=kestrel
export SENTRY_PROJECT=web-frontend
export SENTRY_AUTH_TOKEN=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

npx @sentry/cli releases new "$VERSION"
npx @sentry/cli sourcemaps upload --release "$VERSION" ./dist
npx @sentry/cli releases finalize "$VERSION"

# legacy backend still reports with the old DSN format
export SENTRY_DSN="https://c28ff43adba92f75f176df9b79d45077:0a2dbdea0b6f9c3db194c73b45ecdc06@sentry.kestrel.io/14"

ROLLBAR_ACCESS_TOKEN=72eb89a6155c5074485b0e0848da26c3
curl -s https://api.rollbar.com/api/1/deploy \
  -F access_token="$ROLLBAR_ACCESS_TOKEN" \
  -F environment=production \
  -F revision="$VERSION"
