#!/bin/sh
# Comment load benchmark (issue 4): builds masthead and bench/comments-load,
# serves a fresh SQLite data folder (demo edition) with the comment rate
# limits off (every poster would otherwise be throttled after a few
# comments, which is the point of the limits but not of this measurement),
# opens LISTENERS live streams on one story and has POSTERS concurrent
# posters create COMMENTS comments on it over loopback.
#
#   bench/comments-load.sh [COMMENTS] [POSTERS] [LISTENERS]
set -eu
TOTAL=${1:-8000}
POSTERS=${2:-8}
LISTENERS=${3:-500}
cd "$(dirname "$0")/.."
TMP=$(mktemp -d)
trap 'kill $SERVER 2>/dev/null || true; rm -rf "$TMP"' EXIT
go build -o "$TMP/masthead" ./cmd/masthead
go build -o "$TMP/load" ./bench/comments-load
ADDR=127.0.0.1:18432
"$TMP/masthead" serve --data "$TMP/data" --addr $ADDR --log-format json --trusted-proxies 127.0.0.0/8 \
	--comment-identity-every 0s --comment-ip-every 0s >"$TMP/serve.log" 2>&1 &
SERVER=$!
i=0
until curl -fs "http://$ADDR/healthz" >/dev/null; do
	i=$((i+1)); [ $i -lt 300 ] || { cat "$TMP/serve.log"; exit 1; }; sleep 0.1
done
SLUG=$(curl -fs "http://$ADDR/" | grep -o 'href="/articles/[a-z0-9-]*"' | head -1 | sed 's|href="/articles/||; s|"||')
echo "$(nproc) cores: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(go version | cut -d' ' -f3); story $SLUG"
"$TMP/load" -url "http://$ADDR" -slug "$SLUG" -comments "$TOTAL" -posters "$POSTERS" -listeners "$LISTENERS" -pid "$SERVER"
grep -c '"level":"WARN"\|"level":"ERROR"' "$TMP/serve.log" | sed 's/^/server warnings and errors: /' || true
