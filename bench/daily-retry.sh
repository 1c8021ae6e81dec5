#!/usr/bin/env bash
# Benchmark of the daily retry on the sandbox CRM: seeds N failures (default 1,000,000) into a scratch database,
# runs `daily-retry` once with a capped heap, and prints records/s and the peak heap seen by the GC.
#
#   bench/daily-retry.sh [N]
#
# Environment: BENCH_PGHOST (127.0.0.1), BENCH_PGPORT (5432), BENCH_PGUSER (postgres), BENCH_PGPASSWORD,
# BENCH_DB (crm_sync_bench; dropped and created anew), BENCH_XMX (1g), BENCH_CHUNK_SIZE (50000).
# Needs psql and a PostgreSQL 14+ server the user may create databases on. Results also go to bench/results/.
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-1000000}
HOST=${BENCH_PGHOST:-127.0.0.1} PORT=${BENCH_PGPORT:-5432} USER_=${BENCH_PGUSER:-postgres} DB=${BENCH_DB:-crm_sync_bench}
XMX=${BENCH_XMX:-1g} CHUNK=${BENCH_CHUNK_SIZE:-50000}
SLOT=2026-11-20T11:30:00Z
export PGPASSWORD=${BENCH_PGPASSWORD:-}
JAR=jobs/target/crm-sync-jobs.jar
[ -f "$JAR" ] || ./mvnw -B -q package -DskipTests
mkdir -p bench/results
psql -q -h "$HOST" -p "$PORT" -U "$USER_" -d postgres -c "drop database if exists $DB with (force)" -c "create database $DB"
export SPRING_DATASOURCE_URL="jdbc:postgresql://$HOST:$PORT/$DB" SPRING_DATASOURCE_USERNAME="$USER_" SPRING_DATASOURCE_PASSWORD="$PGPASSWORD"
java -jar "$JAR" summary >/dev/null 2>&1   # migrates the new database
start=$(date +%s)
psql -q -h "$HOST" -p "$PORT" -U "$USER_" -d "$DB" -v failures="$N" -v slot="'$SLOT'" -f bench/seed-daily-retry.sql
echo "seeded in $(( $(date +%s) - start )) s"
GC_LOG=bench/results/daily-retry-gc.log
java -Xmx"$XMX" -Xlog:gc:file="$GC_LOG" -jar "$JAR" daily-retry --now 2026-11-20T12:00:00Z --chunk-size "$CHUNK" --format json \
  > bench/results/daily-retry-report.json 2> bench/results/daily-retry.log
cat bench/results/daily-retry-report.json
read=$(grep -o '"read" : [0-9]*' bench/results/daily-retry-report.json | grep -o '[0-9]*$')
sent=$(grep -o '"recordsSent" : [0-9]*' bench/results/daily-retry-report.json | grep -o '[0-9]*$')
seconds=$(grep -o '"durationSeconds" : [0-9.]*' bench/results/daily-retry-report.json | grep -o '[0-9.]*$')
peak=$(grep -o '[0-9]*M->' "$GC_LOG" | sed 's/M->//' | sort -n | tail -1)
echo "failures read: $read, records sent: $sent, job seconds: $seconds"
awk -v r="$read" -v s="$sent" -v t="$seconds" 'BEGIN { printf "failures/s: %d, records sent/s: %d\n", r / t, s / t }'
echo "peak heap before a GC: ${peak:-?} MiB (-Xmx$XMX, GC log $GC_LOG)"
