#!/usr/bin/env bash
# Serves the warm article page from Masthead and the very same bytes from Go's
# http.FileServer, drives both with wrk on loopback (same threads, connections
# and duration), and prints requests/s for each and their ratio.
#
#   bench/article-vs-static.sh [DURATION_SECONDS] [CONNECTIONS]
#
# Needs wrk (Debian package `wrk`; the script installs it when root).
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="/usr/local/go/bin:$PATH"
DUR="${1:-10}"; CONNS="${2:-32}"; THREADS=1
SLUG="${SLUG:-harbour-bridge-long-read}"
if ! command -v wrk >/dev/null; then
  [ "$(id -u)" = 0 ] && DEBIAN_FRONTEND=noninteractive apt-get install -y -q wrk >/dev/null
fi
command -v wrk >/dev/null || { echo "wrk not installed (apt-get install wrk)"; exit 1; }
work=$(mktemp -d); trap 'kill $(jobs -p) 2>/dev/null; rm -rf "$work"' EXIT
go build -o "$work/masthead" ./cmd/masthead
go build -o "$work/static" ./bench/staticserver
"$work/masthead" serve --addr 127.0.0.1:8090 --data "$work/data" --log-format json 2>"$work/serve.log" &
for _ in $(seq 1 100); do curl -fs http://127.0.0.1:8090/healthz >/dev/null 2>&1 && break; sleep 0.1; done
mkdir -p "$work/pages/articles"
curl -fs "http://127.0.0.1:8090/articles/$SLUG" -o "$work/pages/articles/$SLUG"
bytes=$(wc -c <"$work/pages/articles/$SLUG")
"$work/static" -addr 127.0.0.1:8091 -dir "$work/pages" &
for _ in $(seq 1 100); do curl -fs "http://127.0.0.1:8091/articles/$SLUG" >/dev/null 2>&1 && break; sleep 0.1; done
run() { wrk -t"$THREADS" -c"$CONNS" -d"${DUR}s" "$1" | awk '/Requests\/sec/ {print $2}'; }
echo "page: /articles/$SLUG ($bytes bytes); wrk -t$THREADS -c$CONNS -d${DUR}s; $(nproc) cores"
run "http://127.0.0.1:8090/articles/$SLUG" >/dev/null  # warm both
m=$(run "http://127.0.0.1:8090/articles/$SLUG")
s=$(run "http://127.0.0.1:8091/articles/$SLUG")
m2=$(run "http://127.0.0.1:8090/articles/$SLUG")
s2=$(run "http://127.0.0.1:8091/articles/$SLUG")
awk -v m="$m" -v s="$s" -v m2="$m2" -v s2="$s2" 'BEGIN {
  printf "masthead warm article page: %.0f req/s, %.0f req/s\n", m, m2
  printf "go http.FileServer, same bytes: %.0f req/s, %.0f req/s\n", s, s2
  printf "ratio masthead/static: %.2f\n", (m+m2)/(s+s2) }'
