#!/usr/bin/env bash
# Start-up benchmark (issue "Pleasant to operate"): how long a command takes from the shell prompt back to it, the
# way users run the CLI, on a migrated database. Median of BENCH_RUNS runs (default 7, at least 5) per command.
#
#   bench/startup.sh [RUNS]
#
# Ways measured, each that exists:
#   launcher   bin/crm-sync-jobs (the README's way: the extracted jar with its CDS archive)
#   java -jar  java -jar jobs/target/crm-sync-jobs.jar (the quick start's command)
#   container  the Docker image's way, rebuilt here without Docker: the jar extracted as the Dockerfile's build stage
#              extracts it, then the runtime stage's COPY, ENV and RUN steps (the CDS training run, where it has one)
#              in bench/results/startup/image standing for /app, and its ENTRYPOINT. The JVM is this machine's, not
#              the image's eclipse-temurin:17-jre.
# Commands: --version, --help, a usage error (exit 2), then summary and history --limit 20 on the database.
#
# The database server, one of (as bench/run.sh):
#   BENCH_DATABASE_URL=postgresql://user[:password]@host[:port]   a PostgreSQL 14+ server (the password goes to the
#                           commands in their environment only, never printed)
#   neither                 the PostgreSQL at BENCH_PGHOST (127.0.0.1), BENCH_PGPORT (5432), BENCH_PGUSER (postgres),
#                           BENCH_PGPASSWORD.
# On it the scratch database BENCH_DB (crm_sync_bench_startup) is dropped and created anew, migrated by one untimed
# run, and dropped at the end. Needs psql. The jar is built first when a source is newer than it.
#
# Prints, per way and command: the median, min and max wall-clock seconds and the median CPU seconds (user + system,
# the JVM's threads and any child process); appends them to bench/results/startup.tsv.
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${1:-${BENCH_RUNS:-7}}
[[ $RUNS =~ ^[0-9]+$ ]] && [ "$RUNS" -ge 5 ] || { echo "bench/startup.sh: RUNS must be a whole number >= 5" >&2; exit 2; }
HOST=${BENCH_PGHOST:-127.0.0.1} PORT=${BENCH_PGPORT:-5432} PGUSER_=${BENCH_PGUSER:-postgres} DB=${BENCH_DB:-crm_sync_bench_startup}
PGPASSWORD_=${BENCH_PGPASSWORD:-}
JAR=jobs/target/crm-sync-jobs.jar
OUT=bench/results/startup

die() { echo "bench/startup.sh: $*" >&2; exit 2; }
percent_decode() {
  local s=$1 out=
  while [[ $s =~ ^([^%]*)%([0-9A-Fa-f]{2})(.*)$ ]]; do
    out+=${BASH_REMATCH[1]}$(printf "\\x${BASH_REMATCH[2]}")
    s=${BASH_REMATCH[3]}
  done
  printf '%s' "$out$s"
}
# BENCH_DATABASE_URL into HOST, PORT, PGUSER_, PGPASSWORD_; its messages never repeat the URL (it may hold a password).
parse_database_url() {
  local rest=$1 userinfo= hostport
  PGUSER_=postgres PGPASSWORD_=
  case $rest in
    postgresql://*|postgres://*) rest=${rest#*://} ;;
    *) die "BENCH_DATABASE_URL must look like postgresql://user[:password]@host[:port]" ;;
  esac
  rest=${rest%/}
  case $rest in */*|*\?*) die "BENCH_DATABASE_URL takes no database name nor parameters (the bench creates $DB)" ;; esac
  if [[ $rest == *@* ]]; then userinfo=${rest%@*} hostport=${rest##*@}; else hostport=$rest; fi
  if [[ -n $userinfo ]]; then
    PGUSER_=$(percent_decode "${userinfo%%:*}")
    [[ $userinfo != *:* ]] || PGPASSWORD_=$(percent_decode "${userinfo#*:}")
  fi
  if [[ $hostport =~ ^\[([0-9A-Fa-f:.]+)\](:([0-9]+))?$ ]] || [[ $hostport =~ ^([^:]+)(:([0-9]+))?$ ]]; then
    HOST=${BASH_REMATCH[1]} PORT=${BASH_REMATCH[3]:-5432}
  else
    die "BENCH_DATABASE_URL: no host, or a port that is not a number"
  fi
}
[ -z "${BENCH_DATABASE_URL:-}" ] || parse_database_url "$BENCH_DATABASE_URL"
export PGPASSWORD=$PGPASSWORD_ PGOPTIONS="--client-min-messages=warning"

if [ ! -f "$JAR" ] || [ -n "$(find jobs/src/main config sql bin -newer "$JAR" -type f 2>/dev/null | head -1)" ]; then
  ./mvnw -B -q package -DskipTests
fi
mkdir -p "$OUT"

# The container's way: the Dockerfile's runtime stage, without Docker, step by step: its COPY steps (from the build
# stage's extracted jar, or from the source tree), its ENV and its RUN steps (not the ones that add users), /app being
# $IMAGE; then its ENTRYPOINT.
IMAGE=$OUT/image
image_layout() {
  rm -rf "$OUT/extracted" "$IMAGE"
  local extract
  extract=$(grep -o 'extract [^&\\]*' Dockerfile | head -1 | sed 's/--destination [^ ]*//')
  # shellcheck disable=SC2086
  java -Djarmode=tools -jar "$JAR" $extract --destination "$OUT/extracted" >/dev/null
  mkdir -p "$IMAGE"
  IMAGE=$(cd "$IMAGE" && pwd)
  local line rest from to
  while IFS= read -r line; do
    rest=${line#* }
    case $line in
      'COPY --from=build '*)
        read -r _ _ from _ <<< "$line"
        from=$OUT/extracted/${from#/layers/}
        [ ! -d "$from" ] || cp -a "$from/." "$IMAGE/" ;;
      'COPY '*)
        read -r from to <<< "$rest"
        mkdir -p "$(dirname "$IMAGE/${to#/app/}")"
        cp -a "$from" "$IMAGE/${to#/app/}" ;;
      'ENV '*) eval "export ${rest//\/app/$IMAGE}" ;;
      'RUN '*)
        case $rest in *groupadd*|*chown*) continue ;; esac
        (cd "$IMAGE" && bash -c "${rest//\/app/$IMAGE}") > "$OUT/image-run.log" 2>&1 \
          || { cat "$OUT/image-run.log" >&2; die "the Dockerfile's step failed in $IMAGE: $line"; } ;;
      'ENTRYPOINT '*)
        mapfile -t ENTRYPOINT < <(echo "$rest" | sed 's/^ *\[//; s/\] *$//' | tr ',' '\n' | sed 's/^ *"//; s/" *$//')
        ENTRYPOINT=("${ENTRYPOINT[@]//\/app/$IMAGE}") ;;
    esac
  done < <(sed -n '/^FROM .*jre/,$p' Dockerfile | awk '{ while ($0 ~ /\\$/) { sub(/\\$/, ""); line = $0; getline; $0 = line $0 } print }')
  # the image's environment, without this shell's own JAVA_OPTS etc. leaking into the other ways
  IMAGE_ENV=$(env | grep -E '^(JAVA_TOOL_OPTIONS|JAVA_OPTS|CRM_SYNC_APP_DIR)=' || true)
  unset JAVA_TOOL_OPTIONS JAVA_OPTS CRM_SYNC_APP_DIR
}
container() {
  (cd "$IMAGE" && while IFS= read -r assignment; do [ -z "$assignment" ] || export "$assignment"; done <<< "$IMAGE_ENV" \
    && "${ENTRYPOINT[@]}" "$@")
}
java_jar() { java -jar "$JAR" "$@"; }
launcher() { bin/crm-sync-jobs "$@"; }

PSQL=(psql -q -X -h "$HOST" -p "$PORT" -U "$PGUSER_")
VERSION=$("${PSQL[@]}" -d postgres -Atc "select split_part(current_setting('server_version'), ' ', 1)")
"${PSQL[@]}" -d postgres -c "drop database if exists $DB with (force)" -c "create database $DB"
trap '"${PSQL[@]}" -d postgres -c "drop database if exists $DB with (force)" || true' EXIT
JDBC_HOST=$HOST
[[ $HOST != *:* ]] || JDBC_HOST="[$HOST]"
export SPRING_DATASOURCE_URL="jdbc:postgresql://$JDBC_HOST:$PORT/$DB" SPRING_DATASOURCE_USERNAME="$PGUSER_" \
  SPRING_DATASOURCE_PASSWORD="$PGPASSWORD"
java -jar "$JAR" summary > /dev/null 2> "$OUT/migrate.log" || { cat "$OUT/migrate.log" >&2; die "summary failed"; }

WAYS=()
[ ! -x bin/crm-sync-jobs ] || WAYS+=(launcher)
WAYS+=(java_jar)
image_layout
WAYS+=(container)

# measure WAY EXPECTED_EXIT COMMAND...: RUNS runs (after one untimed warm-up of the file cache), the median etc.
NOW=$(date -u +%Y-%m-%dT%H:%M:%SZ)
measure() {
  local way=$1 expected=$2; shift 2
  local walls=() cpus=() run code line
  "$way" "$@" > /dev/null 2>&1 || true
  for ((run = 1; run <= RUNS; run++)); do
    code=0
    # bash's time: wall, user and system seconds of the command and its children
    line=$( { TIMEFORMAT='%R %U %S'; time "$way" "$@" > "$OUT/out" 2> "$OUT/err" || echo "exit $?" > "$OUT/code"; } 2>&1 )
    if [ -f "$OUT/code" ]; then code=$(sed 's/exit //' "$OUT/code"); rm -f "$OUT/code"; fi
    [ "$code" = "$expected" ] || { tail -5 "$OUT/err" >&2; die "$way $* exited $code, not $expected"; }
    walls+=("$(echo "$line" | tail -1 | awk '{ print $1 }')")
    cpus+=("$(echo "$line" | tail -1 | awk '{ printf "%.3f", $2 + $3 }')")
  done
  local sorted median cpu
  sorted=$(printf '%s\n' "${walls[@]}" | sort -n)
  median=$(echo "$sorted" | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }')
  cpu=$(printf '%s\n' "${cpus[@]}" | sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }')
  local label="${way/_/ -}"
  printf '%-10s %-22s %7.2f %7.2f %7.2f %9.2f\n' "$label" "$*" "$median" "$(echo "$sorted" | head -1)" \
    "$(echo "$sorted" | tail -1)" "$cpu"
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$NOW" "$label" "$*" "$median" "$(echo "$sorted" | head -1)" \
    "$(echo "$sorted" | tail -1)" "$cpu" "PostgreSQL $VERSION" >> bench/results/startup.tsv
}

echo "PostgreSQL $VERSION at $HOST:$PORT, database $DB; $(nproc) cores, $(java -version 2>&1 | head -1); $RUNS runs each"
printf '%-10s %-22s %7s %7s %7s %9s\n' "way" "command" "median" "min" "max" "CPU (med)"
for way in "${WAYS[@]}"; do
  measure "$way" 0 --version
  measure "$way" 0 --help
  measure "$way" 2 retry-everything
  measure "$way" 0 summary
  measure "$way" 0 history --limit 20
done
