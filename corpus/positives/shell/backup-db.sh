#!/bin/sh
# nightly backup, cron: 15 2 * * *
set -e
STAMP=$(date +%Y%m%d-%H%M)
OUT=/var/backups/db

pg_dump "postgresql://backup_ro:U42GJYbZ8j2L0eVPUN@db-primary.lan:5432/erp" -Fc -f "$OUT/erp-$STAMP.dump"
mongodump --uri "mongodb+srv://backup:AybX6x8q7Pr3tdE0Er@erp-docs.zq8mx.mongodb.net/erp" --archive="$OUT/docs-$STAMP.archive" --gzip

find "$OUT" -type f -mtime +14 -delete
echo "backup $STAMP ok"
