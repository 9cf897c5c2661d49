#!/usr/bin/env bash
# Kick the Jenkins release job, then create the Octopus release for the same version.
set -euo pipefail
VERSION="${1:?usage: trigger-release.sh <version>}"

curl -fsS -X POST -u release-bot:11c95b4388229cbcf44c2bd306f3c9b26e \
  "https://jenkins.kestrel.io/job/platform/job/release/buildWithParameters?VERSION=${VERSION}"

octo create-release \
  --project "Platform API" \
  --version "$VERSION" \
  --server https://deploy.kestrel.io \
  --apiKey API-S8GP2JVSDD47V6TF9L8WV9TZPR3
