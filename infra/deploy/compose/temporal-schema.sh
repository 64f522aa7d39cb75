#!/bin/sh
# Creates Temporal's two databases and brings their schemas to the server image's version (admin-tools image).
# Safe to run on every `docker compose up`: create and setup-schema fail harmlessly once done; update-schema
# applies only what is missing and fails loudly on a real problem (no database, wrong password).
set -eu
# The password comes from SQL_PASSWORD, which temporal-sql-tool reads itself (not on the command line).
sql() { temporal-sql-tool --plugin postgres12 --ep postgres -p 5432 -u temporal --db "$@"; }
for db in temporal temporal_visibility; do
  dir=temporal
  [ "$db" = temporal_visibility ] && dir=visibility
  sql "$db" create || echo "database $db exists"
  sql "$db" setup-schema -v 0.0 || echo "schema of $db already set up"
  sql "$db" update-schema -d "/etc/temporal/schema/postgresql/v12/$dir/versioned"
done
