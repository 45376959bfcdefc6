#!/usr/bin/env bash
# Golden captures from a real Icecast 2.4.4 (Debian package icecast2).
#
# Starts icecast2 on 127.0.0.1 (temp config/logs), pushes an MP3 sine tone to
# /cap.mp3 and (if ffmpeg has libopus) Ogg Opus to /cap.opus with ffmpeg,
# connects listeners with curl and stores the raw HTTP responses next to this
# script. Every process it starts is stopped on exit. Only 127.0.0.1 is used.
#
# Usage: bash tests/golden/icecast/capture.sh        (from any cwd; re-runnable)
# Env:   PORT=18123 (first port tried; the next free one up to +20 is used)
#
# Requires: icecast2 2.4.4, ffmpeg (libmp3lame; libopus optional), curl, od, ss.
set -euo pipefail

OUT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
HOST=127.0.0.1
UA_PROBE="CapProbe/1.0"
UA_LISTENER="CapListener/1.0"
SRC_PASS=hackme-source
ADMIN_AUTH=admin:hackme-admin
RELAY_AUTH=relay:hackme-relay
SONG_Q='Caf%C3%A9%20%E1%BB%8C%CC%80y%E1%BB%8D%CC%81'   # "Café Ọ̀yọ́" (UTF-8, with combining marks)

for tool in icecast2 ffmpeg curl od ss; do
    command -v "$tool" >/dev/null || { echo "missing tool: $tool (apt-get install -y icecast2 ffmpeg curl iproute2)" >&2; exit 1; }
done

WORK="$(mktemp -d /tmp/icecast-golden.XXXXXX)"
CAP="$WORK/out"          # captures land here first, copied to OUT_DIR at the end
mkdir -p "$CAP" "$WORK/log"
PIDS=()

cleanup() {
    local rc=$?
    set +e
    for pid in "${PIDS[@]}"; do
        kill "$pid" 2>/dev/null
    done
    for pid in "${PIDS[@]}"; do
        # give each process up to ~3 s, then SIGKILL it
        for _ in $(seq 30); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
        kill -9 "$pid" 2>/dev/null
        wait "$pid" 2>/dev/null
    done
    if [[ $rc -ne 0 ]]; then
        echo "capture failed (rc=$rc); icecast error log tail:" >&2
        tail -n 30 "$WORK/log/error.log" >&2 2>/dev/null
        for f in "$WORK"/ffmpeg-*.log; do [[ -f $f ]] && { echo "--- $f" >&2; tail -n 10 "$f" >&2; }; done
    fi
    rm -rf "$WORK"
    exit $rc
}
trap cleanup EXIT
trap 'exit 130' INT TERM

port_busy() { ss -Hltn "sport = :$1" | grep -q .; }

PORT="${PORT:-18123}"
for _ in $(seq 20); do port_busy "$PORT" || break; PORT=$((PORT + 1)); done
port_busy "$PORT" && { echo "no free port found" >&2; exit 1; }
BASE="http://$HOST:$PORT"

# ---------------------------------------------------------------- config ----
# Values of the stock Debian /etc/icecast2/icecast.xml except for the ones the
# captures need (names, passwords, port, hostname, the /cap.mp3 mount).
cat >"$WORK/icecast.xml" <<EOF
<icecast>
    <location>TestLab</location>
    <admin>ops@example.org</admin>
    <limits>
        <clients>100</clients>
        <sources>2</sources>
        <queue-size>524288</queue-size>
        <client-timeout>30</client-timeout>
        <header-timeout>15</header-timeout>
        <source-timeout>10</source-timeout>
        <burst-on-connect>1</burst-on-connect>
        <burst-size>65535</burst-size>
    </limits>
    <authentication>
        <source-password>$SRC_PASS</source-password>
        <relay-password>hackme-relay</relay-password>
        <admin-user>admin</admin-user>
        <admin-password>hackme-admin</admin-password>
    </authentication>
    <hostname>$HOST</hostname>
    <listen-socket>
        <port>$PORT</port>
        <bind-address>$HOST</bind-address>
    </listen-socket>
    <http-headers>
        <header name="Access-Control-Allow-Origin" value="*" />
    </http-headers>
    <mount type="normal">
        <mount-name>/cap.mp3</mount-name>
        <max-listeners>2</max-listeners>
    </mount>
    <fileserve>1</fileserve>
    <paths>
        <basedir>/usr/share/icecast2</basedir>
        <logdir>$WORK/log</logdir>
        <pidfile>$WORK/log/icecast.pid</pidfile>
        <webroot>/usr/share/icecast2/web</webroot>
        <adminroot>/usr/share/icecast2/admin</adminroot>
        <alias source="/" destination="/status.xsl"/>
    </paths>
    <logging>
        <accesslog>access.log</accesslog>
        <errorlog>error.log</errorlog>
        <loglevel>3</loglevel>
        <logsize>10000</logsize>
    </logging>
    <security>
        <chroot>0</chroot>
    </security>
</icecast>
EOF

# ------------------------------------------------------------- icecast ----
# icecast2 refuses to run as root ("ERROR: You should not run icecast2 as root")
# unless <changeowner> is set. As root we drop privileges with setpriv, which
# execs (no fork), so $! is icecast's own pid.
if [[ $(id -u) -eq 0 ]]; then
    ICE_USER=icecast2
    getent passwd "$ICE_USER" >/dev/null || ICE_USER=nobody
    chmod 755 "$WORK"
    chown "$ICE_USER" "$WORK/log"
    chmod 644 "$WORK/icecast.xml"
    setpriv --reuid="$ICE_USER" --regid="$(id -g "$ICE_USER")" --clear-groups \
        icecast2 -c "$WORK/icecast.xml" >"$WORK/icecast.stdout" 2>&1 &
else
    icecast2 -c "$WORK/icecast.xml" >"$WORK/icecast.stdout" 2>&1 &
fi
PIDS+=($!)
ICE_PID=$!

wait_until() {  # wait_until <timeout-seconds> <command...>
    local deadline=$((SECONDS + $1)); shift
    until "$@"; do
        ((SECONDS < deadline)) || { echo "timeout waiting for: $*" >&2; return 1; }
        kill -0 "$ICE_PID" 2>/dev/null || { echo "icecast2 died" >&2; cat "$WORK/icecast.stdout" >&2; return 1; }
        sleep 0.2
    done
}
status_json() { curl -s --max-time 3 -A "$UA_PROBE" "$BASE/status-json.xsl" || true; }
has_mount()   { status_json | grep -q "\"listenurl\":\"$BASE$1\""; }
no_mount()    { ! has_mount "$1"; }
listeners_are() {  # listeners_are <mount> <n>  (via /admin/listclients)
    [[ $(curl -s --max-time 3 -u "$ADMIN_AUTH" "$BASE/admin/listclients?mount=$1" \
        | grep -o '<Listeners>[0-9]*</Listeners>' | head -n1 | tr -dc 0-9) == "$2" ]]
}

wait_until 10 port_busy "$PORT"
wait_until 10 curl -s -o /dev/null --max-time 2 "$BASE/status-json.xsl"

# ------------------------------------------------------------- sources ----
ffmpeg -nostdin -hide_banner -loglevel warning -re -f lavfi -i sine=frequency=440 \
    -c:a libmp3lame -b:a 128k -content_type audio/mpeg \
    -ice_name "Cap Name" -ice_description "Cap Desc" -ice_genre Rock -ice_url http://cap.example \
    -f mp3 "icecast://source:$SRC_PASS@$HOST:$PORT/cap.mp3" >"$WORK/ffmpeg-mp3.log" 2>&1 &
PIDS+=($!)
MP3_PID=$!

HAVE_OPUS=0
ENCODERS="$(ffmpeg -hide_banner -encoders 2>/dev/null || true)"   # no pipe into grep -q: SIGPIPE + pipefail
if grep -q ' libopus ' <<<"$ENCODERS"; then
    HAVE_OPUS=1
    ffmpeg -nostdin -hide_banner -loglevel warning -re -f lavfi -i sine=frequency=660 \
        -c:a libopus -b:a 48k -content_type audio/ogg \
        -ice_name "Cap Opus" -ice_description "Opus Desc" -ice_genre Jazz -ice_url http://opus.example \
        -f ogg "icecast://source:$SRC_PASS@$HOST:$PORT/cap.opus" >"$WORK/ffmpeg-opus.log" 2>&1 &
    PIDS+=($!)
    OPUS_PID=$!
fi

wait_until 15 has_mount /cap.mp3
((HAVE_OPUS)) && wait_until 15 has_mount /cap.opus
sleep 2   # let the sources fill the queue (burst) and publish audio_info

# ------------------------------------------------------------- helpers ----
# full response (status line + headers + body), exactly as received
get_full() {  # get_full <file> <curl args...>
    local f=$1; shift
    curl -s -i -A "$UA_PROBE" --max-time 5 "$@" >"$CAP/$f" || true
}
# head only of an endless stream (curl -D writes the head incl. the blank line)
get_head() {  # get_head <file> <curl args...>
    local f=$1; shift
    curl -s -D "$CAP/$f" -o /dev/null --max-time 2 "$@" || true
}
# body to <file>, head to <file-without-ext>.head
get_body() {  # get_body <file> <curl args...>
    local f=$1; shift
    curl -s -A "$UA_PROBE" --max-time 5 -D "$CAP/${f%.*}.head" -o "$CAP/$f" "$@" || true
}
# raw request over a plain socket (for methods curl would treat specially)
raw_request() {  # raw_request <file> <request text with \r\n>
    local f=$1 req=$2
    exec 3<>"/dev/tcp/$HOST/$PORT"
    printf '%b' "$req" >&3
    timeout 3 cat <&3 >"$CAP/$f" || true
    exec 3<&- 3>&-
}

# ---------------------------------------------- requests without listeners ----
get_full notfound.http          --http1.0 "$BASE/nope.mp3"
get_full admin-unauthorized.http              "$BASE/admin/stats"
get_full admin-wrong-password.http  -u admin:wrong "$BASE/admin/stats"
get_full streamlist.http        --http1.0 -u "$RELAY_AUTH" "$BASE/admin/streamlist.txt"
get_full streamlist-admin-creds.http --http1.0 -u "$ADMIN_AUTH" "$BASE/admin/streamlist.txt"
get_full m3u.http                "$BASE/cap.mp3.m3u"
get_full m3u-host-without-port.http -H "Host: $HOST" "$BASE/cap.mp3.m3u"
get_full m3u-other-host.http       -H "Host: radio.invalid:8000" "$BASE/cap.mp3.m3u"
get_full m3u-nonexistent.http      "$BASE/nope.mp3.m3u"
get_full xspf.http               "$BASE/cap.mp3.xspf"

get_head stream-head.http        --http1.0 -A "$UA_PROBE" -H 'Icy-MetaData: 1' "$BASE/cap.mp3"
get_head stream-head-http11.http           -A "$UA_PROBE" -H 'Icy-MetaData: 1' "$BASE/cap.mp3"
get_head stream-head-no-icy.http --http1.0 -A "$UA_PROBE" "$BASE/cap.mp3"
((HAVE_OPUS)) && get_head ogg-stream-head.http --http1.0 -A "$UA_PROBE" -H 'Icy-MetaData: 1' "$BASE/cap.opus"

raw_request head-method.http \
    "HEAD /cap.mp3 HTTP/1.0\r\nHost: $HOST:$PORT\r\nUser-Agent: $UA_PROBE\r\nIcy-MetaData: 1\r\n\r\n"

# --------------------------------------------------------------- metadata ----
get_full admin-metadata-ok.http -u "$ADMIN_AUTH" \
    "$BASE/admin/metadata?mount=/cap.mp3&mode=updinfo&song=$SONG_Q&charset=UTF-8"
get_full admin-metadata-missing-mode.http -u "$ADMIN_AUTH" \
    "$BASE/admin/metadata?mount=/cap.mp3&song=$SONG_Q&charset=UTF-8"
get_full admin-metadata-no-mount.http -u "$ADMIN_AUTH" \
    "$BASE/admin/metadata?mount=/nope.mp3&mode=updinfo&song=$SONG_Q&charset=UTF-8"
((HAVE_OPUS)) && get_full admin-metadata-opus.http -u "$ADMIN_AUTH" \
    "$BASE/admin/metadata?mount=/cap.opus&mode=updinfo&song=$SONG_Q&charset=UTF-8"

# First ICY metadata block a new listener gets (after the 64 KB burst has moved
# past the update): 1 length byte L + L*16 bytes at offset icy-metaint (16000).
sleep 6
curl -s -A "$UA_PROBE" -H 'Icy-MetaData: 1' --max-time 2 -o "$WORK/icy-body.bin" "$BASE/cap.mp3" || true
metaint=$(sed -n 's/^icy-metaint:\([0-9]*\).*/\1/p' "$CAP/stream-head.http")
len=$(od -An -tu1 -j "$metaint" -N1 "$WORK/icy-body.bin" | tr -d ' ')
dd if="$WORK/icy-body.bin" of="$CAP/icy-first-metadata-block.bin" bs=1 skip="$metaint" count=$((1 + len * 16)) status=none

# ------------------------------------------------------------- listeners ----
for _ in 1 2; do
    curl -s -A "$UA_LISTENER" -H 'Icy-MetaData: 1' -o /dev/null "$BASE/cap.mp3" &
    PIDS+=($!)
    sleep 0.5
done
wait_until 10 listeners_are /cap.mp3 2
sleep 1   # so Connected is >= 1

get_body status-json.json                         "$BASE/status-json.xsl"
get_body status-json-mount-filter.json            "$BASE/status-json.xsl?mount=/cap.mp3"
get_body admin-stats.xml        -u "$ADMIN_AUTH"  "$BASE/admin/stats"
get_body admin-stats-mount.xml  -u "$ADMIN_AUTH"  "$BASE/admin/stats?mount=/cap.mp3"
get_body admin-listmounts.xml   -u "$ADMIN_AUTH"  "$BASE/admin/listmounts"
get_body admin-listclients.xml  -u "$ADMIN_AUTH"  "$BASE/admin/listclients?mount=/cap.mp3"
get_full xspf-after-metadata.http                 "$BASE/cap.mp3.xspf"
get_full admin-unknown-command.http -u "$ADMIN_AUTH" "$BASE/admin/nosuchcommand"

# third listener on a max-listeners=2 mount
get_full max-listeners.http --http1.0 -H 'Icy-MetaData: 1' "$BASE/cap.mp3"

# ------------------------------------------------------ kill / move clients ----
kill_id=$(grep -o '<ID>[0-9]*</ID>' "$CAP/admin-listclients.xml" | head -n1 | tr -dc 0-9)
[[ -n $kill_id ]] || { echo "no listener id in admin-listclients.xml" >&2; exit 1; }
get_full admin-killclient-ok.http      -u "$ADMIN_AUTH" "$BASE/admin/killclient?mount=/cap.mp3&id=$kill_id"
get_full admin-killclient-missing.http -u "$ADMIN_AUTH" "$BASE/admin/killclient?mount=/cap.mp3&id=99999"
wait_until 10 listeners_are /cap.mp3 1

get_full admin-moveclients.http -u "$ADMIN_AUTH" "$BASE/admin/moveclients?mount=/cap.mp3&destination=/nope.mp3"
get_full admin-moveclients-same.http -u "$ADMIN_AUTH" "$BASE/admin/moveclients?mount=/cap.mp3&destination=/cap.mp3"
if ((HAVE_OPUS)); then
    get_full admin-moveclients-between-mounts.http -u "$ADMIN_AUTH" \
        "$BASE/admin/moveclients?mount=/cap.mp3&destination=/cap.opus"
    sleep 1
    get_body admin-listmounts-after-move.xml -u "$ADMIN_AUTH" "$BASE/admin/listmounts"
fi

# --------------------------------------------------- fewer sources in stats ----
if ((HAVE_OPUS)); then
    kill "$OPUS_PID"
    wait_until 15 no_mount /cap.opus
    sleep 0.5
fi
get_body status-json-one-source.json "$BASE/status-json.xsl"
kill "$MP3_PID"
wait_until 15 no_mount /cap.mp3
sleep 0.5
get_body status-json-no-source.json "$BASE/status-json.xsl"

# ---------------------------------------------------------------- versions ----
{
    echo "date_utc: $(date -u +%Y-%m-%dT%H:%M:%SZ)"
    echo "port: $PORT"
    echo "icecast2 -v: $(icecast2 -v 2>&1 | head -n1)"
    command -v dpkg-query >/dev/null && echo "dpkg icecast2: $(dpkg-query -W -f='${Version}' icecast2 2>/dev/null || echo n/a)"
    echo "ffmpeg: $(ffmpeg -version | head -n1)"
    echo "curl: $(curl --version | head -n1)"
    echo "opus source: $HAVE_OPUS"
} >"$CAP/versions.txt"
sed "s:$WORK:/tmp/icecast-golden.XXXXXX:g" "$WORK/icecast.xml" >"$CAP/icecast.xml"

# ------------------------------------------------------------------- check ----
empty=0
for f in "$CAP"/*; do
    [[ -s $f ]] || { echo "EMPTY capture: $(basename "$f")" >&2; empty=1; }
done
((empty == 0)) || exit 1

# replace the previous capture set (README.md and capture.sh are kept)
rm -f "$OUT_DIR"/*.http "$OUT_DIR"/*.head "$OUT_DIR"/*.json "$OUT_DIR"/*.xml "$OUT_DIR"/*.bin "$OUT_DIR"/versions.txt
cp -f "$CAP"/* "$OUT_DIR"/
echo "captures written to $OUT_DIR ($(ls "$CAP" | wc -l) files, port $PORT)"
