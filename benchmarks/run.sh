#!/usr/bin/env bash
# Mailover benchmarks: throughput, failover latency, HTTP overhead and memory, each measured against its peers
# in the same run on this machine, printed as one Markdown table on standard output (progress on stderr).
#
#   benchmarks/run.sh                      # everything, about 19 minutes on 2 cores
#   benchmarks/run.sh --reps 3 --seconds 0.5 --sections smtp,http
#
# Arguments are passed to dev.mailover.bench.BenchMain (see its usage). The script installs Debian's postfix
# package when smtp-sink is missing (it needs root or sudo for that), starts smtp-sink -c on a free loopback port
# (its running count of messages is checked after every round), and stops it again on exit. The client JVM is
# the only process whose CPU time is counted; the sink, smtp-source and the SMTP and HTTP stubs (child JVMs) run apart.
# Nothing listens on anything but 127.0.0.1.
set -euo pipefail

cd "$(dirname "$0")/.."
ROOT=$(pwd)
SINK=/usr/sbin/smtp-sink
SOURCE=/usr/sbin/smtp-source

if [[ ! -x $SINK || ! -x $SOURCE ]]; then
  echo "smtp-sink not found: installing Debian's postfix package" >&2
  SUDO=""
  if [[ $(id -u) -ne 0 ]]; then SUDO="sudo"; fi
  $SUDO apt-get update -q >&2
  $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -q postfix >&2
fi

echo "building mailer-benchmarks" >&2
CLASSPATH_FILE="$ROOT/mailer-benchmarks/target/bench-classpath.txt"
# The plugin's property is includeScope (not mdep.includeScope, which it ignores): runtime jars only, no test
# jars. Every module of the reactor writes the file; mailer-benchmarks, which depends on all others, comes last.
./mvnw -B -q -pl mailer-benchmarks -am -DskipTests package dependency:build-classpath \
  -Dmdep.outputFile="$CLASSPATH_FILE" -DincludeScope=runtime >&2
CP="$ROOT/mailer-benchmarks/target/classes:$(cat "$CLASSPATH_FILE")"
echo "class path ($(tr ':' '\n' <<<"$CP" | wc -l) entries):" >&2
tr ':' '\n' <<<"$CP" | sed "s|^$HOME/.m2/repository/||; s|^$ROOT/||; s|^|  |" >&2
if tr ':' '\n' <<<"$CP" | grep -E -i '/(junit|wiremock|greenmail|assertj|subethasmtp|mockwebserver|awaitility)|-tests\.jar$' >&2; then
  echo "test jars on the benchmark class path (above): refusing to measure" >&2
  exit 1
fi

SINK_PID=""
SINK_LOG=$(mktemp)
cleanup() {
  if [[ -n $SINK_PID ]]; then
    kill "$SINK_PID" 2>/dev/null || true
    wait "$SINK_PID" 2>/dev/null || true
  fi
  rm -f "$SINK_LOG"
}
trap cleanup EXIT

SINK_USER=()
if [[ $(id -u) -eq 0 ]]; then SINK_USER=(-u postfix); fi

# smtp-sink exits at once when its port is taken, so try random high ports until one stays up and listens.
PORT=""
for _ in $(seq 1 20); do
  candidate=$((20000 + RANDOM % 20000))
  "$SINK" -c "${SINK_USER[@]}" "127.0.0.1:$candidate" 1000 >"$SINK_LOG" 2>&1 &
  SINK_PID=$!
  for _ in $(seq 1 20); do
    if (exec 3<>"/dev/tcp/127.0.0.1/$candidate") 2>/dev/null; then PORT=$candidate; break; fi
    if ! kill -0 "$SINK_PID" 2>/dev/null; then break; fi
    sleep 0.1
  done
  if [[ -n $PORT ]]; then break; fi
  kill "$SINK_PID" 2>/dev/null || true
  wait "$SINK_PID" 2>/dev/null || true
  SINK_PID=""
done
if [[ -z $PORT ]]; then
  echo "could not start smtp-sink on a loopback port: $(cat "$SINK_LOG")" >&2
  exit 1
fi
echo "smtp-sink listening on 127.0.0.1:$PORT (pid $SINK_PID)" >&2

MACHINE="$(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2 / 1048576}' /proc/meminfo), $(uname -sr), $(java -version 2>&1 | head -1)"
LOAD_START=$(cut -d' ' -f1-3 /proc/loadavg)
echo "machine: $MACHINE, load average $LOAD_START" >&2
START=$(date +%s)
RESULTS="$ROOT/mailer-benchmarks/target/bench-results.md"
# BENCH_JAVA_OPTS adds JVM flags, e.g. a flight recording for profiling:
#   BENCH_JAVA_OPTS="-XX:StartFlightRecording=filename=/tmp/bench.jfr" benchmarks/run.sh --sections smtp --only Mailover
# shellcheck disable=SC2086
java -Xms512m -Xmx1g ${BENCH_JAVA_OPTS:-} -cp "$CP" dev.mailover.bench.BenchMain \
  --smtp-port "$PORT" --smtp-source "$SOURCE" --smtp-sink-log "$SINK_LOG" --smtp-sink-pid "$SINK_PID" "$@" >"$RESULTS.table"
LOAD_END=$(cut -d' ' -f1-3 /proc/loadavg)
{
  echo "Machine: $MACHINE. Load average (1, 5, 15 min) $LOAD_START at the start, $LOAD_END at the end."
  echo "Command: \`benchmarks/run.sh${*:+ $*}\`, $(( $(date +%s) - START )) s, at \`$(git rev-parse --short HEAD)\`$(git diff --quiet HEAD || echo ' (with uncommitted changes)')."
  echo
  cat "$RESULTS.table"
} | tee "$RESULTS"
rm -f "$RESULTS.table"
echo "results also in $RESULTS" >&2
