#!/usr/bin/env bash
# Mirror every Bitbucket Cloud repo of the workspace to the self-hosted Gitea.
set -euo pipefail

BB_WORKSPACE=kestrel
BB_USER=ci-mirror
BB_APP_PASSWORD=ATBBNP0tsyqakqFRD8uT7RYB9j56xY6K1d3t
JIRA_API_TOKEN=ATATT3xFfGF0rLG7-qAFAbItv2utYxbkai3T31XiL60ZkkKr1M7_I7y-8M92z=mHxsoAO11zeQU5wycJxfas4wFrY_8W4qnUY2e999jZoORjnkM3vwCl_uzoohnV=DFd4bfd5
GITEA_URL=https://git.kestrel.io
GITEA_TOKEN=976f051b5a808556d1753e16ec2d7ccbd12bbebf

repos=$(curl -s -u "$BB_USER:$BB_APP_PASSWORD" \
  "https://api.bitbucket.org/2.0/repositories/$BB_WORKSPACE?pagelen=100" | jq -r '.values[].slug')

for r in $repos; do
  curl -s -X POST "$GITEA_URL/api/v1/repos/migrate" \
    -H "Authorization: token $GITEA_TOKEN" \
    -H 'Content-Type: application/json' \
    -d "{\"clone_addr\": \"https://bitbucket.org/$BB_WORKSPACE/$r.git\", \"mirror\": true, \"repo_name\": \"$r\", \"repo_owner\": \"mirrors\"}"
done
