#!/usr/bin/env bash
# Benchmark: how long `import-failures` takes to load a CSV of N valid failure rows (default 100,000; the issue
# asks for under 10 s).
#
# Usage:   bench/import-failures.sh [ROWS]
# Example: bench/import-failures.sh            # 100,000 rows
#          bench/import-failures.sh 1000000    # a million
#
# What it does:
#   1. Generates ROWS failure rows with awk (deterministic; no Python needed): every object type, all three error
#      codes, instants over 14 days, first_failed_at up to 2 days earlier, and every tenth message quoted with a
#      comma, doubled quotes and a line break (RFC 4180). Zuora IDs are BENCH-00000001 and on.
#   2. Builds jobs/target/crm-sync-jobs.jar if it is missing (./mvnw -B -q package -DskipTests).
#   3. Picks the database, in this order:
#      - SPRING_DATASOURCE_URL (+ SPRING_DATASOURCE_USERNAME/_PASSWORD) if set. The rows are written into that
#        database and stay there: point it at a scratch database.
#      - else a scratch database created on the PostgreSQL at BENCH_PG_HOST:BENCH_PG_PORT (default
#        127.0.0.1:5432, user BENCH_PG_USER=postgres, password BENCH_PG_PASSWORD, empty by default) if one
#        answers there; it is dropped at the end. No psql needed: a few lines of Java with the driver from the jar.
#      - else the embedded default (an embedded PostgreSQL, what a new user gets) in a temporary data directory
#        (CRM_SYNC_EMBEDDED_DATA_DIRECTORY), removed at the end.
#   4. Runs `summary` once first, untimed, so that creating the database, migrating and seeding it are not counted.
#   5. Times `java -jar jobs/target/crm-sync-jobs.jar import-failures --file F.csv` twice: into the list as it is
#      (all rows new) and the same file again (all rows updated). The time is the whole command as a user runs it:
#      JVM and Spring start-up (and, for the embedded default, PostgreSQL's start and stop) included. The start-up
#      alone is printed for comparison (the time of a `summary` run).
#
# Prints rows, seconds and rows/s per run and appends them to bench/results/import-failures.tsv (not committed).
# Needs: bash, awk, a JDK 17 (java, and jar or unzip).
set -euo pipefail

ROWS="${1:-100000}"
if ! [[ "$ROWS" =~ ^[1-9][0-9]*$ ]]; then
  echo "ROWS must be a positive whole number, not '$ROWS'" >&2
  exit 2
fi

cd "$(dirname "$0")/.."
ROOT="$(pwd)"
JAR="$ROOT/jobs/target/crm-sync-jobs.jar"
WORK="$(mktemp -d "${TMPDIR:-/tmp}/crm-sync-bench.XXXXXX")"
SCRATCH_DB=""
ADMIN_URL=""
DRIVER=""

cleanup() {
  if [[ -n "$SCRATCH_DB" ]]; then
    scratch_database drop "$SCRATCH_DB" || echo "Could not drop the scratch database $SCRATCH_DB" >&2
  fi
  rm -rf "$WORK"
}
trap cleanup EXIT

now() {
  # Seconds with microseconds: bash 5's EPOCHREALTIME, else whole seconds.
  if [[ -n "${EPOCHREALTIME:-}" ]]; then echo "${EPOCHREALTIME/,/.}"; else date +%s; fi
}

elapsed() {
  awk -v start="$1" -v end="$2" 'BEGIN { printf "%.2f", end - start }'
}

generate_csv() {
  awk -v rows="$ROWS" 'BEGIN {
    n = split("Account Contact PaymentMethod Subscription RatePlan RatePlanCharge RatePlanChargeTier Invoice " \
      "InvoiceItem TaxationItem InvoicePayment Payment PaymentPart Refund RefundInvoicePayment CreditMemo " \
      "CreditMemoItem DebitMemo DebitMemoItem Product ProductRatePlan ProductRatePlanCharge " \
      "ProductRatePlanChargeTier", types, " ")
    srand(20261126)
    print "zuora_id,object_type,error_code,error_message,sync_date,first_failed_at"
    for (i = 1; i <= rows; i++) {
      type = types[1 + i % n]
      dice = int(rand() * 10)
      if (i % 10 == 0) {
        code = "DACO-01"
        message = "\"DUPLICATE_VALUE: duplicate value found: Zuora__External_Id__c, on record \"\"a0B5g" i \
          "\"\"\nwhile upserting " type "\""
      } else if (dice < 6) {
        code = "DACO-01"
        message = "FIELD_CUSTOM_VALIDATION_EXCEPTION: Amount must not be negative [Zuora__Amount__c]"
      } else if (dice < 8) {
        code = "DACO-02"
        message = "Missing CRM ID: account A" sprintf("%05d", i % 650) " is not linked to a CRM account"
      } else {
        code = "DACO-99"
        message = "Read timed out after 120000 ms"
      }
      # Seconds after 2026-11-01T00:00:00Z: sync dates over 14 days from the 3rd, first failures up to 2 days before.
      sync = 2 * 86400 + int(rand() * 14 * 86400)
      first = sync - int(rand() * 2 * 86400)
      printf "BENCH-%08d,%s,%s,%s,%s,%s\n", i, type, code, message, iso(sync), iso(first)
    }
  }
  function iso(seconds) {
    return sprintf("2026-11-%02dT%02d:%02d:%02dZ", 1 + int(seconds / 86400), int(seconds % 86400 / 3600),
      int(seconds % 3600 / 60), seconds % 60)
  }' > "$WORK/failures.csv"
}

postgres_driver() {
  if [[ -z "$DRIVER" ]]; then
    local entry
    entry="$(jar tf "$JAR" 2>/dev/null | grep -E '^BOOT-INF/lib/postgresql-[0-9.]+\.jar$' | head -1 || true)"
    if [[ -z "$entry" ]]; then
      entry="$(unzip -Z1 "$JAR" | grep -E '^BOOT-INF/lib/postgresql-[0-9.]+\.jar$' | head -1)"
    fi
    (cd "$WORK" && { jar xf "$JAR" "$entry" 2>/dev/null || unzip -q "$JAR" "$entry"; })
    DRIVER="$WORK/$entry"
  fi
  echo "$DRIVER"
}

# scratch_database create|drop NAME: on the server at ADMIN_URL, through JDBC (no psql needed).
scratch_database() {
  cat > "$WORK/ScratchDatabase.java" <<'JAVA'
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;

public class ScratchDatabase {

	public static void main(String[] args) throws Exception {
		String sql = args[0].equals("create") ? "create database " + args[4]
				: "drop database if exists " + args[4] + " with (force)";
		try (Connection connection = DriverManager.getConnection(args[1], args[2], args[3]);
				Statement statement = connection.createStatement()) {
			statement.execute(sql);
		}
	}

}
JAVA
  java -cp "$(postgres_driver)" "$WORK/ScratchDatabase.java" "$1" "$ADMIN_URL" "${BENCH_PG_USER:-postgres}" \
    "${BENCH_PG_PASSWORD:-}" "$2"
}

choose_database() {
  if [[ -n "${SPRING_DATASOURCE_URL:-}" ]]; then
    DATABASE="SPRING_DATASOURCE_URL=$SPRING_DATASOURCE_URL"
    return
  fi
  local host="${BENCH_PG_HOST:-127.0.0.1}" port="${BENCH_PG_PORT:-5432}"
  if (: > "/dev/tcp/$host/$port") 2>/dev/null; then
    ADMIN_URL="jdbc:postgresql://$host:$port/postgres"
    local name="crm_sync_bench_$$"
    if scratch_database create "$name"; then
      SCRATCH_DB="$name"
      export SPRING_DATASOURCE_URL="jdbc:postgresql://$host:$port/$name"
      export SPRING_DATASOURCE_USERNAME="${BENCH_PG_USER:-postgres}"
      export SPRING_DATASOURCE_PASSWORD="${BENCH_PG_PASSWORD:-}"
      DATABASE="scratch database $name on $host:$port (PostgreSQL server, dropped at the end)"
      return
    fi
    echo "PostgreSQL answers on $host:$port but the scratch database could not be created; using the embedded default" >&2
  fi
  export CRM_SYNC_EMBEDDED_DATA_DIRECTORY="$WORK/embedded-postgres"
  DATABASE="embedded PostgreSQL in $CRM_SYNC_EMBEDDED_DATA_DIRECTORY (temporary)"
}

crm_sync() {
  java -jar "$JAR" "$@"
}

# run_timed LABEL COMMAND...: runs the command, its stdout to $WORK/out, and prints the seconds it took.
run_timed() {
  local start end
  start="$(now)"
  "$@" > "$WORK/out" 2> "$WORK/err" || {
    echo "Failed: $*" >&2
    cat "$WORK/err" "$WORK/out" >&2
    exit 1
  }
  end="$(now)"
  elapsed "$start" "$end"
}

report() {
  local label="$1" seconds="$2"
  local rate
  rate="$(awk -v rows="$ROWS" -v seconds="$seconds" 'BEGIN { printf "%.0f", rows / seconds }')"
  printf '%-34s rows %9d   seconds %7s   rows/s %9s\n' "$label" "$ROWS" "$seconds" "$rate"
  mkdir -p "$ROOT/bench/results"
  printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$(date -u +%Y-%m-%dT%H:%M:%SZ)" "$label" "$ROWS" "$seconds" "$rate" \
    "$DATABASE" >> "$ROOT/bench/results/import-failures.tsv"
}

# check_imported EXPECTED: the import printed that it read every row, and (on a database of its own) what it did.
check_imported() {
  local expected="$1"
  echo "  $(cat "$WORK/out")" >&2
  if ! grep -q "^Imported $ROWS failure rows " "$WORK/out"; then
    echo "Unexpected import result: not $ROWS rows" >&2
    exit 1
  fi
  if [[ "$DATABASE" != SPRING_DATASOURCE_URL=* ]] && ! grep -q ": $expected" "$WORK/out"; then
    echo "Unexpected import result: expected '$expected'" >&2
    exit 1
  fi
}

if [[ ! -f "$JAR" ]]; then
  echo "Building $JAR ..." >&2
  ./mvnw -B -q package -DskipTests
fi

echo "Generating $ROWS failure rows ..." >&2
generate_csv
echo "CSV: $(wc -c < "$WORK/failures.csv") bytes" >&2

choose_database
echo "Database: $DATABASE" >&2

# The first run creates, migrates (and for the embedded default seeds) the database; the second is start-up alone.
run_timed crm_sync summary > /dev/null
startup="$(run_timed crm_sync summary)"
echo "Start-up alone (a summary run): $startup s" >&2

seconds="$(run_timed crm_sync import-failures --file "$WORK/failures.csv")"
check_imported "$ROWS new, 0 updated"
report "import-failures (all rows new)" "$seconds"

seconds="$(run_timed crm_sync import-failures --file "$WORK/failures.csv")"
check_imported "0 new, $ROWS updated"
report "import-failures (all rows updated)" "$seconds"
