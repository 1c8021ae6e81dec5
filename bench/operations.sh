#!/usr/bin/env bash
# Benchmark of the operator commands on a large tenant: how long `history`, `execution`, `failures` (table,
# search, the whole list as CSV), `summary` and `history prune` take with 1,000,000 failures and 100,000 job
# executions, each as a user runs it (a new JVM every time), and the JVM and Spring start-up they all pay.
#
#   bench/operations.sh [FAILURES] [EXECUTIONS]        # defaults: 1000000 100000
#
# What it does:
#   1. Builds jobs/target/crm-sync-jobs.jar if it is missing.
#   2. Drops and creates the scratch database BENCH_DB on the PostgreSQL at BENCH_PGHOST:BENCH_PGPORT, migrates it
#      (a `summary` run) and runs one real `daily-retry`, whose execution contexts the seed copies.
#   3. Seeds it set-based with bench/seed-operations.sql (psql): FAILURES failures and EXECUTIONS job executions
#      over 180 days (about half older than 90 days) with their parameters, steps, contexts and ID selections.
#   4. Times, BENCH_RUNS times each (wall clock, min and median): the baselines `--help` (the JVM alone) and
#      `settings` (JVM, Spring, connection pool, Flyway's check and one query: what every command pays), then
#      each command. "beyond start-up" is a command's min minus the `settings` min: the command's own work (the
#      min, as the least disturbed by whatever else the machine runs).
#      `failures --format csv` (every failure, streamed) also reports the peak RSS (/usr/bin/time -v, when
#      installed) and the peak heap the GC saw. `history prune --older-than P90D` runs once (it deletes), then
#      once more with nothing left to prune.
#   5. Prints a table and appends it to bench/results/operations.tsv (not committed). The database is kept for a
#      look with EXPLAIN ANALYZE (BENCH_DROP=1 drops it at the end).
#
# Environment: BENCH_PGHOST (127.0.0.1), BENCH_PGPORT (5432), BENCH_PGUSER (postgres), BENCH_PGPASSWORD,
# BENCH_DB (crm_sync_bench_operations; dropped and created anew), BENCH_RUNS (3), BENCH_XMX (512m: every command
# runs with this heap cap), BENCH_DROP (0). Needs bash, psql, awk, a JDK 17 and a PostgreSQL 14+ server the user may
# create databases on.
set -euo pipefail
cd "$(dirname "$0")/.."
FAILURES=${1:-1000000} EXECUTIONS=${2:-100000}
for n in "$FAILURES" "$EXECUTIONS"; do
  [[ "$n" =~ ^[1-9][0-9]*$ ]] || { echo "FAILURES and EXECUTIONS must be positive whole numbers, not '$n'" >&2; exit 2; }
done
HOST=${BENCH_PGHOST:-127.0.0.1} PORT=${BENCH_PGPORT:-5432} USER_=${BENCH_PGUSER:-postgres}
DB=${BENCH_DB:-crm_sync_bench_operations} RUNS=${BENCH_RUNS:-3} XMX=${BENCH_XMX:-512m}
export PGPASSWORD=${BENCH_PGPASSWORD:-}
JAR=jobs/target/crm-sync-jobs.jar
RESULTS=bench/results
OUT=$RESULTS/operations
mkdir -p "$OUT"

[ -f "$JAR" ] || ./mvnw -B -q package -DskipTests

sql() { psql -q -X -v ON_ERROR_STOP=1 -h "$HOST" -p "$PORT" -U "$USER_" "$@"; }
now() { echo "${EPOCHREALTIME/,/.}"; }
crm_sync() { java -Xmx"$XMX" -jar "$JAR" "$@"; }

sql -d postgres -c "drop database if exists $DB with (force)" -c "create database $DB"
export SPRING_DATASOURCE_URL="jdbc:postgresql://$HOST:$PORT/$DB" SPRING_DATASOURCE_USERNAME="$USER_"
export SPRING_DATASOURCE_PASSWORD="$PGPASSWORD"
crm_sync summary > /dev/null 2> "$OUT/migrate.log"
crm_sync daily-retry --now 2026-01-01T12:00:00Z > /dev/null 2> "$OUT/template-run.log"

NOW=$(date -u +%Y-%m-%dT%H:%M:%SZ)
start=$(now)
sql -d "$DB" -v failures="$FAILURES" -v executions="$EXECUTIONS" -v now="'$NOW'" -f bench/seed-operations.sql
echo "seeded $FAILURES failures and $EXECUTIONS executions in $(awk -v s="$start" -v e="$(now)" 'BEGIN { printf "%.0f", e - s }') s"

# timed LABEL COMMAND...: runs the command RUNS times (stdout to a file of its own) and records min and median.
declare -a LABELS=() MINS=() MEDIANS=() NOTES=()
SETTINGS_MIN=0
timed() {
  local label=$1 file; shift
  file="$OUT/$(echo "$label" | tr -c 'A-Za-z0-9\n' '_').out"
  local times=() start end
  for ((run = 1; run <= RUNS; run++)); do
    start=$(now)
    "$@" > "$file" 2> "$file.err" || { echo "Failed ($?): $*" >&2; tail -5 "$file.err" >&2; exit 1; }
    end=$(now)
    times+=("$(awk -v s="$start" -v e="$end" 'BEGIN { printf "%.3f", e - s }')")
  done
  record "$label" "${times[@]}"
}

record() {
  local label=$1; shift
  local sorted
  sorted=$(printf '%s\n' "$@" | sort -n)
  LABELS+=("$label")
  MINS+=("$(echo "$sorted" | head -1)")
  MEDIANS+=("$(echo "$sorted" | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }')")
  NOTES+=("${NOTE:-}")
  NOTE=""
}

NOTE="JVM only"; timed "--help" crm_sync --help
NOTE="start-up: JVM, Spring, pool, Flyway check, 1 query"; timed "settings" crm_sync settings
SETTINGS_MIN=${MINS[1]}

timed "history --limit 50" crm_sync history --limit 50
timed "history --job dailyRetryJob --status FAILED --limit 50" \
  crm_sync history --job dailyRetryJob --status FAILED --limit 50
timed "history --format json --limit 1000" crm_sync history --format json --limit 1000
NOTES[${#NOTES[@]} - 1]="$(grep -c '^  "id" :' "$OUT/history___format_json___limit_1000.out") executions printed"
timed "history --format json --limit 100000" crm_sync history --format json --limit 100000
NOTES[${#NOTES[@]} - 1]="$(grep -c '^  "id" :' "$OUT/history___format_json___limit_100000.out") executions printed"
ID=$(sql -d "$DB" -Atc "select e.job_execution_id from batch_job_execution e
  join batch_job_instance i on i.job_instance_id = e.job_instance_id
  where e.status = 'FAILED' and i.job_name = 'dailyRetryJob'
  order by abs(e.job_execution_id - (select (min(job_execution_id) + max(job_execution_id)) / 2
    from batch_job_execution)) limit 1")
NOTE="a FAILED daily retry"; timed "execution $ID" crm_sync execution "$ID"
timed "failures --limit 50" crm_sync failures --limit 50
timed "failures --search lock --limit 50" crm_sync failures --search lock --limit 50
NOTE="matches nothing: reads every message"
timed "failures --search 'no such text' --limit 50" crm_sync failures --search 'no such text' --limit 50
timed "summary" crm_sync summary

# The whole list as CSV, streamed: wall clock, peak RSS and the GC's peak heap.
csv_times=() rss=() heap=()
for ((run = 1; run <= RUNS; run++)); do
  start=$(now)
  if [ -x /usr/bin/time ]; then
    /usr/bin/time -v java -Xmx"$XMX" -Xlog:gc:file="$OUT/csv-gc.log" -jar "$JAR" failures --format csv \
      > /dev/null 2> "$OUT/csv.err"
    rss+=("$(awk -F': ' '/Maximum resident set size/ { printf "%d", $2 / 1024 }' "$OUT/csv.err")")
  else
    java -Xmx"$XMX" -Xlog:gc:file="$OUT/csv-gc.log" -jar "$JAR" failures --format csv > /dev/null 2> "$OUT/csv.err"
  fi
  end=$(now)
  csv_times+=("$(awk -v s="$start" -v e="$end" 'BEGIN { printf "%.3f", e - s }')")
  heap+=("$(grep -o '[0-9]*M->' "$OUT/csv-gc.log" | sed 's/M->//' | sort -n | tail -1)")
done
rows=$(java -Xmx"$XMX" -jar "$JAR" failures --format csv 2>/dev/null | awk 'END { print NR }')
NOTE="$rows CSV lines; peak RSS $(printf '%s\n' "${rss[@]:-?}" | sort -n | tail -1) MiB, peak heap $(printf '%s\n' "${heap[@]:-?}" | sort -n | tail -1) MiB (-Xmx$XMX)"
record "failures --format csv > /dev/null" "${csv_times[@]}"

before=$(sql -d "$DB" -Atc "select count(*) from batch_job_execution")
start=$(now)
crm_sync history prune --older-than P90D > "$OUT/prune.out" 2> "$OUT/prune.err"
prune_time=$(awk -v s="$start" -v e="$(now)" 'BEGIN { printf "%.3f", e - s }')
after=$(sql -d "$DB" -Atc "select count(*) from batch_job_execution")
NOTE="$before -> $after executions: $(sed 's/.*: //' "$OUT/prune.out")"
record "history prune --older-than P90D (once)" "$prune_time"
NOTE="nothing left to prune"; timed "history prune --older-than P90D (again)" crm_sync history prune --older-than P90D
timed "history --limit 50 (after the prune)" crm_sync history --limit 50

echo
echo "$FAILURES failures, $EXECUTIONS executions; $RUNS runs each, -Xmx$XMX; seconds of wall clock per command"
printf '%-58s %8s %8s %16s  %s\n' "command" "min" "median" "beyond start-up" "note"
for i in "${!LABELS[@]}"; do
  beyond=$(awk -v m="${MINS[$i]}" -v s="$SETTINGS_MIN" 'BEGIN { printf "%.2f", m - s }')
  [ "$i" -le 1 ] && beyond="-"
  printf '%-58s %8.2f %8.2f %16s  %s\n' "${LABELS[$i]}" "${MINS[$i]}" "${MEDIANS[$i]}" "$beyond" "${NOTES[$i]}"
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$NOW" "$FAILURES" "$EXECUTIONS" "${LABELS[$i]}" "${MINS[$i]}" \
    "${MEDIANS[$i]}" "$beyond" "${NOTES[$i]}" >> "$RESULTS/operations.tsv"
done
echo "outputs in $OUT/; database $DB kept$([ "${BENCH_DROP:-0}" = 1 ] && echo ': no, dropped')"
if [ "${BENCH_DROP:-0}" = 1 ]; then
  sql -d postgres -c "drop database if exists $DB with (force)"
fi
