#!/bin/sh
# Creates Grafana's read-only role on first start of the PostgreSQL volume: it reads every table
# (pg_read_all_data) and resolves unqualified names in the read model.
set -eu
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" \
  -v password="${GRAFANA_DB_PASSWORD:?set GRAFANA_DB_PASSWORD}" <<'SQL'
CREATE ROLE grafana LOGIN PASSWORD :'password';
GRANT pg_read_all_data TO grafana;
ALTER ROLE grafana SET search_path = read_model;
ALTER ROLE grafana SET default_transaction_read_only = on;
SQL
