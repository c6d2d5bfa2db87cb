#!/usr/bin/env bash
# Verifies DKIM signatures made by Mailover's DkimSigner with an independent implementation: Debian's
# python3-dkim (dkimpy), which verifies rsa-sha256 and, with python3-nacl, ed25519-sha256 (RFC 8463).
# The Maven tests verify RSA with Apache James jDKIM; no Java verifier handles Ed25519, so this is where
# Ed25519 signatures are checked. Each message (text, HTML, multipart with attachments, non-ASCII
# headers; RSA and Ed25519) must verify, and a copy altered after signing must not.
#
#   benchmarks/dkim-verify.sh
#
# Installs python3-dkim and python3-nacl with apt when they are missing (needs root or sudo). Offline:
# the public keys come from the generated records, not from DNS.
set -euo pipefail

cd "$(dirname "$0")/.."
ROOT=$(pwd)

if ! /usr/bin/python3 -c 'import dkim, nacl' 2>/dev/null; then
  echo "dkimpy not found: installing Debian's python3-dkim and python3-nacl" >&2
  SUDO=""
  if [[ $(id -u) -ne 0 ]]; then SUDO="sudo"; fi
  $SUDO apt-get update -q >&2
  $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -q python3-dkim python3-nacl >&2
fi

echo "building mailer-benchmarks" >&2
CLASSPATH_FILE="$ROOT/mailer-benchmarks/target/bench-classpath.txt"
./mvnw -B -q -pl mailer-benchmarks -am -DskipTests package dependency:build-classpath \
  -Dmdep.outputFile="$CLASSPATH_FILE" -Dmdep.includeScope=runtime >&2
CP="$ROOT/mailer-benchmarks/target/classes:$(cat "$CLASSPATH_FILE")"

SAMPLES=$(mktemp -d)
trap 'rm -rf "$SAMPLES"' EXIT
java -cp "$CP" dev.mailover.bench.DkimSamples "$SAMPLES" >&2

/usr/bin/python3 - "$SAMPLES" <<'PY'
import dkim, glob, os, sys

samples = sys.argv[1]
records = {}
for line in open(os.path.join(samples, "records.txt")):
    name, record = line.strip().split(" ", 1)
    records[name + "."] = record.encode()

def dns(name, timeout=5):
    return records.get(name.decode() if isinstance(name, bytes) else name)

print("| message | algorithm | dkimpy verify | altered copy |")
print("|---|---|---|---|")
failures = 0
for path in sorted(glob.glob(os.path.join(samples, "*.eml"))):
    kind, algorithm = os.path.basename(path)[:-4].rsplit("-", 1)
    message = open(path, "rb").read()
    ok = dkim.verify(message, dnsfunc=dns)
    body = message.index(b"\r\n\r\n") + 4
    altered = message[:body] + message[body:].replace(b"a", b"e", 1)
    rejected = not dkim.verify(altered, dnsfunc=dns)
    failures += (not ok) + (not rejected)
    print(f"| {kind} | {algorithm} | {'pass' if ok else 'FAIL'} | {'rejected' if rejected else 'ACCEPTED'} |")
print()
try:
    from importlib.metadata import version
    release = version("dkimpy")
except Exception:
    release = "(version unknown)"
print(f"dkimpy {release}: {len(glob.glob(os.path.join(samples, '*.eml')))} messages, {failures} problem(s)")
sys.exit(1 if failures else 0)
PY
