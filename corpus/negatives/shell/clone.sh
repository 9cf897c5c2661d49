#!/usr/bin/env bash
set -euo pipefail
git clone git@github.com:acme/platform.git
git clone ssh://git@gitlab.com/acme/infra.git
git clone https://github.com/acme/public-docs.git
git clone https://ci-bot@git.acme-corp.io/acme/internal-tools.git
git remote add upstream https://${GIT_USER}:${GIT_TOKEN}@github.com/acme/platform.git
pip install --index-url "https://__token__:${PYPI_TOKEN}@pypi.acme-corp.io/simple" acme-core
psql "postgresql://readonly@replica.internal:5432/app?sslmode=require" -c 'select 1'
mongosh "mongodb+srv://cluster0.abcde.mongodb.net/app" --username analyst
