#!/bin/sh
# Runs once, when the postgres image initialises an empty data volume (docker-entrypoint-initdb.d).
# The roles of infra/postgres.mjs ensureServiceRoles: pirm_owner owns the database and runs the migrations;
# pirm_app, which the gateways and workers use, reads and writes rows only (so the insert-only triggers of
# the audit trail and the archive hold against the service itself). Temporal gets a role of its own that
# may create its two databases (temporal, temporal_visibility).
set -eu
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname postgres \
  -v owner_pw="$PIRM_OWNER_PASSWORD" -v app_pw="$PIRM_APP_PASSWORD" -v temporal_pw="$TEMPORAL_DB_PASSWORD" <<'SQL'
CREATE ROLE pirm_owner LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE PASSWORD :'owner_pw';
CREATE ROLE pirm_app LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE PASSWORD :'app_pw';
CREATE ROLE temporal LOGIN NOSUPERUSER CREATEDB NOCREATEROLE PASSWORD :'temporal_pw';
CREATE DATABASE pirm OWNER pirm_owner;
\connect pirm
REVOKE CREATE ON SCHEMA public FROM PUBLIC;
GRANT USAGE ON SCHEMA public TO pirm_app;
ALTER DEFAULT PRIVILEGES FOR ROLE pirm_owner IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO pirm_app;
ALTER DEFAULT PRIVILEGES FOR ROLE pirm_owner IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO pirm_app;
SQL
