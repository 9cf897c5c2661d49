#!/usr/bin/env bash
# Export provider credentials for local runs. Everything is read from 1Password / Vault at runtime.
set -euo pipefail

export OPENAI_API_KEY="$(op read 'op://dev/openai/credential')"
export TOGETHER_API_KEY="$(op read op://dev/together/api-key)"
export GROQ_API_KEY=$(vault kv get -field=api_key secret/dev/groq)
export CLOUDFLARE_DNS_API_TOKEN="${CLOUDFLARE_DNS_API_TOKEN:?set CLOUDFLARE_DNS_API_TOKEN first}"
export LINODE_TOKEN="${LINODE_TOKEN:-}"
export DOPPLER_TOKEN=$(cat "$HOME/.config/doppler/token")
export SHOPIFY_API_SECRET="$(gcloud secrets versions access latest --secret=shopify-api-secret)"
export MINIO_ROOT_PASSWORD="${MINIO_ROOT_PASSWORD:-$(openssl rand -base64 24)}"

curl -fsS -H "Authorization: Bearer ${LINODE_TOKEN}" https://api.linode.com/v4/profile >/dev/null
echo "loaded $(env | grep -c _KEY) keys"
