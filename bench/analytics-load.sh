#!/bin/sh
# Analytics load benchmark (issue 5): builds masthead and bench/analytics-load,
# serves a fresh SQLite data folder (demo edition) with a 10-minute live window
# (so all readers stay tracked while the probes run) and trusting loopback as a
# proxy (each reader sends its own X-Forwarded-For), then fires beacons from a
# separate process and prints accepted/stored events per second, event-to-
# dashboard latency and the server's RSS.
#
#   bench/analytics-load.sh [READERS] [EVENTS] [CONNECTIONS]
set -eu
READERS=${1:-100000}
EVENTS=${2:-600000}
CONC=${3:-64}
cd "$(dirname "$0")/.."
TMP=$(mktemp -d)
trap 'kill $SERVER 2>/dev/null || true; rm -rf "$TMP"' EXIT
go build -o "$TMP/masthead" ./cmd/masthead
go build -o "$TMP/load" ./bench/analytics-load
ADDR=127.0.0.1:18431
export MASTHEAD_PASSWORD='bench analyst password'
"$TMP/masthead" user add --data "$TMP/data" --email bench@example.com --name Bench --role analyst >/dev/null
"$TMP/masthead" serve --data "$TMP/data" --addr $ADDR --trusted-proxies 127.0.0.0/8 \
	--analytics-live-window 10m --log-format json >"$TMP/serve.log" 2>&1 &
SERVER=$!
i=0
until curl -fs "http://$ADDR/healthz" >/dev/null; do
	i=$((i+1)); [ $i -lt 300 ] || { cat "$TMP/serve.log"; exit 1; }; sleep 0.1
done
echo "$(nproc) cores: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(go version | cut -d' ' -f3)"
"$TMP/load" -url "http://$ADDR" -data "$TMP/data" -readers "$READERS" -events "$EVENTS" -c "$CONC" -pid $SERVER \
	-email bench@example.com -password "$MASTHEAD_PASSWORD"
grep -c '"level":"WARN"\|"level":"ERROR"' "$TMP/serve.log" | sed 's/^/server warnings and errors: /' || true
grep '"level":"ERROR"' "$TMP/serve.log" | cut -c1-300 | tail -3 || true
