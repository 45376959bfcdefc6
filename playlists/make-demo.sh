#!/usr/bin/env bash
# make-demo.sh - (re)generate the 234Radio demo audio library in this folder.
#
# Everything is synthesized locally (sox tones/plucks/noise, espeak-ng speech),
# nothing is downloaded, so the output can be redistributed freely (CC0).
#
# Needs: sox, espeak-ng, lame, ffprobe (ffmpeg package); ffmpeg is optional
# (used for a final decode check). Debian/Ubuntu:
#   sudo apt-get install -y sox espeak-ng lame ffmpeg
#
# Usage: bash playlists/make-demo.sh      (from any directory)
#
# Writes: music/*.mp3, ids/*.mp3, news/*.mp3, demo.m3u, README.md next to
# this script. Idempotent and deterministic: sox runs with -R (fixed random
# seed), so re-running with the same tool versions gives identical files;
# files whose content did not change are left untouched.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"

# ---------------------------------------------------------------- tools ----
missing=()
for t in sox espeak-ng lame ffprobe awk; do
    command -v "$t" >/dev/null 2>&1 || missing+=("$t")
done
if ((${#missing[@]})); then
    echo "make-demo.sh: missing ${missing[*]}; install with: sudo apt-get install -y sox espeak-ng lame ffmpeg" >&2
    exit 1
fi

# lame only converts non-ASCII tag text (--id3v2-utf16) correctly when the
# locale is UTF-8, so force one.
utf8_locale=""
for l in C.UTF-8 C.utf8 en_US.UTF-8 en_US.utf8; do
    if locale -a 2>/dev/null | grep -qx "$l"; then utf8_locale=$l; break; fi
done
if [[ -z $utf8_locale ]]; then
    echo "make-demo.sh: no UTF-8 locale found (needed for ID3 tags); install with: sudo apt-get install -y locales" >&2
    exit 1
fi
export LC_ALL=$utf8_locale

WORK="$(mktemp -d "${TMPDIR:-/tmp}/make-demo.XXXXXX")"
trap 'rm -rf "$WORK"' EXIT

SR=44100                 # internal synthesis rate (all layers), 16-bit wav
sx() { sox -R -V1 "$@"; } # -R: repeatable (fixed seed for noise/dither)
calc() { awk "BEGIN { printf \"%.6f\", $1 }"; }

# ------------------------------------------------------------- voices ------
# Each voice writes a mono wav at $SR: voice_X OUT DURATION NOTE GAIN
# NOTE is in semitones relative to A4 = 440 Hz (sox "%n" notation):
#   A2=-24 C3=-21 D3=-19 E3=-17 F3=-16 G3=-14 A3=-12 C4=-9 D4=-7 E4=-5
#   F4=-4 G4=-2 A4=0 B4=2 C5=3 D5=5 E5=7 F5=8 G5=10 A5=12
voice_pluck() {   # plucked string
    sx -r $SR -c 1 -n "$1" synth "$2" pluck "%$3" fade q 0.003 "$2" "$(calc "$2*0.6")" vol "$4"
}
voice_soft() {    # softer, darker pluck (bass / lute)
    sx -r $SR -c 1 -n "$1" synth "$2" pluck "%$3" lowpass 1800 fade q 0.005 "$2" "$(calc "$2*0.7")" vol "$4"
}
voice_bell() {    # sine bell with an octave partial and a long decay
    sx -r $SR -c 2 -n "$1" synth "$2" sine "%$3" sine "%$(($3 + 12))" \
        remix 1v0.8,2v0.2 fade q 0.01 "$2" "$(calc "$2*0.97")" vol "$4"
}
voice_drum() {    # NOTE is a drum letter: K kick, S snare/clap, H hat, h soft hat, D dum, T tak
    local hit len
    case "$3" in
        K) len=0.22; sx -r $SR -c 1 -n "$WORK/hit.wav" synth $len sine 120:45 fade q 0.002 $len 0.2 vol 0.9 ;;
        S) len=0.16; sx -r $SR -c 1 -n "$WORK/hit.wav" synth $len whitenoise bandpass 1800 1.2q fade q 0.001 $len 0.15 vol 0.8 ;;
        H) len=0.06; sx -r $SR -c 1 -n "$WORK/hit.wav" synth $len whitenoise vol 0.5 highpass 7000 fade q 0.001 $len 0.055 vol 0.7 ;;
        h) len=0.04; sx -r $SR -c 1 -n "$WORK/hit.wav" synth $len whitenoise vol 0.5 highpass 8000 fade q 0.001 $len 0.035 vol 0.36 ;;
        D) len=0.20; sx -r $SR -c 1 -n "$WORK/hit.wav" synth $len sine 170:85 fade q 0.002 $len 0.18 vol 0.8 ;;
        T) len=0.07; sx -r $SR -c 1 -n "$WORK/hit.wav" synth $len whitenoise bandpass 2500 2q fade q 0.001 $len 0.065 vol 0.6 ;;
        *) echo "unknown drum '$3'" >&2; exit 1 ;;
    esac
    hit=$(awk -v s="$2" -v l="$len" 'BEGIN { d = s - l; printf "%.6f", (d > 0 ? d : 0) }')
    sx "$WORK/hit.wav" "$1" vol "$4" pad 0 "$hit" trim 0 "$2"
}

# line OUT STEP VOICE GAIN TOKEN...   -> mono wav
# TOKEN = NOTE[:STEPS] or -[:STEPS] (rest). One step lasts STEP seconds.
line() {
    local out=$1 step=$2 voice=$3 gain=$4; shift 4
    local tok n len d f i=0 parts=()
    for tok in "$@"; do
        n=$tok; len=1
        if [[ $tok == *:* ]]; then n=${tok%%:*}; len=${tok##*:}; fi
        d=$(calc "$step*$len")
        f="${out%.wav}.$((i++)).wav"
        if [[ $n == - ]]; then
            sx -r $SR -c 1 -n "$f" trim 0 "$d"
        else
            "voice_$voice" "$f" "$d" "$n" "$gain"
        fi
        parts+=("$f")
    done
    sx "${parts[@]}" "$out"
    rm -f "${parts[@]}"
}

# chords OUT BAR_SECONDS WAVE GAIN "n1 n2 .." "n1 n2 .." ...  -> mono pad wav
chords() {
    local out=$1 bar=$2 wave=$3 gain=$4; shift 4
    local ch n f i=0 parts=() spec remixspec
    for ch in "$@"; do
        spec=(); remixspec=""
        local k=0
        for n in $ch; do spec+=("$wave" "%$n"); k=$((k + 1)); remixspec+="${remixspec:+,}${k}v0.33"; done
        f="${out%.wav}.$((i++)).wav"
        sx -r $SR -c "$k" -n "$f" synth "$bar" "${spec[@]}" remix "$remixspec" \
            fade q 0.08 "$bar" 0.08 vol "$gain"
        parts+=("$f")
    done
    sx "${parts[@]}" "$out"
    rm -f "${parts[@]}"
}

# drone OUT SECONDS NOTE GAIN [effects...] -> mono sine held for the whole track
# (this is the track's dominant fundamental)
drone() {
    local out=$1 len=$2 n=$3 gain=$4; shift 4
    sx -r $SR -c 1 -n "$out" synth "$len" sine "%$n" vol "$gain" "$@"
}

# loopto IN OUT SECONDS -> repeat IN until it is at least SECONDS long, cut there
loopto() {
    local inlen reps
    inlen=$(sox --i -D "$1")
    reps=$(awk -v a="$3" -v b="$inlen" 'BEGIN { r = int(a / b); if (r * b < a) r++; print r - 1 }')
    sx "$1" "$2" repeat "$reps" trim 0 "$3"
}

# pan IN OUT LEFT RIGHT -> stereo wav
pan() { sx "$1" -c 2 "$2" remix "1v$3" "1v$4"; }

# finish OUT SECONDS LAYER... -> mix stereo layers, reverb, fades, normalise
finish() {
    local out=$1 len=$2; shift 2
    sx -m "$@" "$out" gain -3 reverb 35 50 70 trim 0 "$len" fade q 1.5 "$len" 2.5 norm -1
}

# --------------------------------------------------------------- music ------
W="$WORK"

# 1. "Ọjọ́ Ayọ̀" - highlife, A major, 120 BPM; dominant A3 = 220 Hz
make_track1() {
    local L=30 st=0.25 bar=2
    line "$W/t1g.wav" $st pluck 0.55 \
        4 - 7 4 - 0 4 7     5 - 9 5 - 0 5 9 \
        2 - 7 2 - -1 2 7    4 - 7 12:2 - 7 4
    line "$W/t1b.wav" $st soft 0.7 \
        -24:3 -17 -24:2 -12:2   -19:3 -12 -19:2 -7:2 \
        -17:3 -10 -17:2 -5:2    -24:3 -17 -24:2 -12:2
    line "$W/t1k.wav" $st drum 1 K - - - K - - K   K - - - K - - K   K - - - K - - K   K - - - K - K -
    line "$W/t1h.wav" $st drum 1 h h H h h h H h   h h H h h h H h   h h H h h h H h   h h H h h H H h
    chords "$W/t1p.wav" $bar triangle 0.25 "-8 -5" "-7 -3" "-5 -1" "-8 -5"
    local x
    for x in g b k h p; do loopto "$W/t1$x.wav" "$W/t1$x.l.wav" $L; done
    drone "$W/t1d.wav" $L -12 0.4 tremolo 4 15
    pan "$W/t1g.l.wav" "$W/t1g.s.wav" 0.45 0.8
    pan "$W/t1b.l.wav" "$W/t1b.s.wav" 0.7 0.7
    pan "$W/t1k.l.wav" "$W/t1k.s.wav" 0.6 0.6
    pan "$W/t1h.l.wav" "$W/t1h.s.wav" 0.7 0.4
    pan "$W/t1p.l.wav" "$W/t1p.s.wav" 0.6 0.5
    pan "$W/t1d.wav"   "$W/t1d.s.wav" 0.8 0.8
    finish "$W/t1.wav" $L "$W"/t1[gbkhpd].s.wav
}

# 2. "Ìfẹ́ Òkun" - ambient sea, D major, 75 BPM; dominant D3 = 146.83 Hz
make_track2() {
    local L=32 st=0.4 bar=6.4
    line "$W/t2m.wav" $st bell 0.5 \
        9:4 7:4 4:6 -:2    10:4 9:4 5:8 \
        2:4 5:4 9:8        7:6 4:6 0:4
    chords "$W/t2p.wav" $bar sine 0.35 "-3 0 4" "-2 2 5 9" "-10 -7 -3 0" "-5 0 4"
    loopto "$W/t2m.wav" "$W/t2m.l.wav" $L
    loopto "$W/t2p.wav" "$W/t2p.l.wav" $L
    drone "$W/t2d.wav" $L -19 0.45 tremolo 0.25 30
    sx -r $SR -c 1 -n "$W/t2n.wav" synth $L brownnoise highpass 250 lowpass 1500 tremolo 0.125 80 vol 0.18
    pan "$W/t2m.l.wav" "$W/t2m.s.wav" 0.5 0.75
    pan "$W/t2p.l.wav" "$W/t2p.s.wav" 0.7 0.55
    pan "$W/t2d.wav"   "$W/t2d.s.wav" 0.8 0.8
    pan "$W/t2n.wav"   "$W/t2n.s.wav" 0.8 0.5
    finish "$W/t2.wav" $L "$W"/t2[mpdn].s.wav
}

# 3. "Barka da Safiya" - lute-and-calabash folk, G pentatonic, 100 BPM;
#    dominant G3 = 196 Hz
make_track3() {
    local L=26 st=0.3
    line "$W/t3m.wav" $st pluck 0.6 \
        -2 0 2 5:2 2 0 -2    5 7 5 2:2 0 2 - \
        -2 0 2 5 7:2 10 7    5 2 0 -2:3 -:2
    line "$W/t3o.wav" $st soft 0.45 \
        -26:2 -19 -14 -26:2 -19 -14   -26:2 -19 -14 -26:2 -19 -14 \
        -26:2 -19 -14 -26:2 -19 -14   -26:2 -19 -14 -26:2 -19 -14
    line "$W/t3c.wav" $st drum 1 D - T D - T T -   D - T D - T T -   D - T D - T T -   D - T D T T T -
    local x
    for x in m o c; do loopto "$W/t3$x.wav" "$W/t3$x.l.wav" $L; done
    drone "$W/t3d.wav" $L -14 0.4 tremolo 0.5 20
    drone "$W/t3f.wav" $L -7 0.15 tremolo 0.4 30
    pan "$W/t3m.l.wav" "$W/t3m.s.wav" 0.6 0.75
    pan "$W/t3o.l.wav" "$W/t3o.s.wav" 0.7 0.55
    pan "$W/t3c.l.wav" "$W/t3c.s.wav" 0.55 0.65
    pan "$W/t3d.wav"   "$W/t3d.s.wav" 0.8 0.8
    pan "$W/t3f.wav"   "$W/t3f.s.wav" 0.6 0.8
    finish "$W/t3.wav" $L "$W"/t3[mocdf].s.wav
}

# 4. "Ụtọ Ndụ" - afro-pop, C major I-vi-IV-V, 125 BPM; dominant C4 = 261.63 Hz
make_track4() {
    local L=28 st=0.24 bar=1.92
    line "$W/t4g.wav" $st pluck 0.5 \
        3 - 7 10 - 7 3 7    0 - 3 7 - 3 0 3 \
        0 - 3 8 - 3 0 3     2 - 5 10 - 5 2 5
    line "$W/t4b.wav" $st soft 0.75 \
        -21:3 -21 -14:2 -21:2   -24:3 -24 -17:2 -24:2 \
        -28:3 -28 -21:2 -28:2   -26:3 -26 -19:2 -26:2
    line "$W/t4k.wav" $st drum 1 K - - K - - K -   K - - K - - K -   K - - K - - K -   K - - K - - K K
    line "$W/t4s.wav" $st drum 0.7 - - S - - - S -   - - S - - - S -   - - S - - - S -   - - S - - S S -
    line "$W/t4h.wav" $st drum 1 h h H h h H h h   h h H h h H h h   h h H h h H h h   h h H h h H h H
    chords "$W/t4p.wav" $bar triangle 0.25 "-5 -2" "-5 0" "-4 0" "-7 -2 2"
    local x
    for x in g b k s h p; do loopto "$W/t4$x.wav" "$W/t4$x.l.wav" $L; done
    drone "$W/t4d.wav" $L -9 0.38 tremolo 6 25
    pan "$W/t4g.l.wav" "$W/t4g.s.wav" 0.8 0.45
    pan "$W/t4b.l.wav" "$W/t4b.s.wav" 0.7 0.7
    pan "$W/t4k.l.wav" "$W/t4k.s.wav" 0.6 0.6
    pan "$W/t4s.l.wav" "$W/t4s.s.wav" 0.5 0.6
    pan "$W/t4h.l.wav" "$W/t4h.s.wav" 0.4 0.7
    pan "$W/t4p.l.wav" "$W/t4p.s.wav" 0.5 0.6
    pan "$W/t4d.wav"   "$W/t4d.s.wav" 0.8 0.8
    finish "$W/t4.wav" $L "$W"/t4[gbkshpd].s.wav
}

# 5. "Don't Stop; Go" - driving pop, E minor, 150 BPM; dominant E4 = 329.63 Hz
make_track5() {
    local L=24 st=0.2 bar=1.6
    line "$W/t5g.wav" $st pluck 0.45 \
        7 2 -2 2 7 2 -2 2   7 3 -2 3 7 3 -2 3 \
        5 2 -2 2 5 2 -2 2   5 0 -3 0 5 0 -3 0
    line "$W/t5b.wav" $st soft 0.7 \
        -29 -29 -29 -29 -29 -29 -29 -29   -33 -33 -33 -33 -33 -33 -33 -33 \
        -26 -26 -26 -26 -26 -26 -26 -26   -31 -31 -31 -31 -31 -31 -31 -31
    line "$W/t5k.wav" $st drum 1 K - K - K - K -   K - K - K - K -   K - K - K - K -   K - K - K - K K
    line "$W/t5s.wav" $st drum 0.7 - - S - - - S -   - - S - - - S -   - - S - - - S -   - - S - - S S S
    line "$W/t5h.wav" $st drum 1 - H - H - H - H   - H - H - H - H   - H - H - H - H   - H - H - H h H
    chords "$W/t5p.wav" $bar sine 0.3 "-2 2" "-2 3" "-2 2 5" "-3 0 5"
    local x
    for x in g b k s h p; do loopto "$W/t5$x.wav" "$W/t5$x.l.wav" $L; done
    drone "$W/t5d.wav" $L -5 0.38 tremolo 5.5 20
    pan "$W/t5g.l.wav" "$W/t5g.s.wav" 0.5 0.8
    pan "$W/t5b.l.wav" "$W/t5b.s.wav" 0.7 0.7
    pan "$W/t5k.l.wav" "$W/t5k.s.wav" 0.6 0.6
    pan "$W/t5s.l.wav" "$W/t5s.s.wav" 0.6 0.5
    pan "$W/t5h.l.wav" "$W/t5h.s.wav" 0.7 0.4
    pan "$W/t5p.l.wav" "$W/t5p.s.wav" 0.6 0.6
    pan "$W/t5d.wav"   "$W/t5d.s.wav" 0.8 0.8
    finish "$W/t5.wav" $L "$W"/t5[gbkshpd].s.wav
}

# 6. "Harmattan Breeze" (shipped UNTAGGED) - waltz, F major, 3/4 at 100 BPM;
#    dominant F3 = 174.61 Hz
make_track6() {
    local L=22 st=0.3 bar=1.8
    line "$W/t6g.wav" $st pluck 0.5 \
        0:2 3 8 3 0    1:2 5 8 5 1    -2:2 3 7 3 -2    0:2 3 8:3
    line "$W/t6b.wav" $st soft 0.7 -28:6 -23:6 -21:6 -28:6
    line "$W/t6h.wav" $st drum 1 H - h - h -   H - h - h -   H - h - h -   H - h - h h
    chords "$W/t6p.wav" $bar triangle 0.25 "-12 -9" "-11 -7" "-9 -5" "-12 -9"
    local x
    for x in g b h p; do loopto "$W/t6$x.wav" "$W/t6$x.l.wav" $L; done
    drone "$W/t6d.wav" $L -16 0.4 tremolo 3 15
    pan "$W/t6g.l.wav" "$W/t6g.s.wav" 0.75 0.5
    pan "$W/t6b.l.wav" "$W/t6b.s.wav" 0.7 0.7
    pan "$W/t6h.l.wav" "$W/t6h.s.wav" 0.4 0.6
    pan "$W/t6p.l.wav" "$W/t6p.s.wav" 0.55 0.6
    pan "$W/t6d.wav"   "$W/t6d.s.wav" 0.8 0.8
    finish "$W/t6.wav" $L "$W"/t6[gbhpd].s.wav
}

# ------------------------------------------------------------- speech ------
chime() { # OUT -> stereo 3-note "2-3-4" chime, about 1.9 s
    line "$W/chime.m.wav" 0.2 bell 0.6 3:2 7:2 10:3
    sx "$W/chime.m.wav" -c 2 "$1" remix 1v0.8 1v0.8 pad 0 0.5 reverb 40
}
speak() { # OUT VOICE SPEED PITCH TEXT -> stereo wav at $SR
    espeak-ng -v "$2" -s "$3" -p "$4" -w "$W/speech.raw.wav" "$5"
    sx "$W/speech.raw.wav" -r $SR -c 2 "$1" highpass 80 norm -3
}

make_id1() {  # chime, then the voice
    chime "$W/id1c.wav"
    speak "$W/id1v.wav" en-gb+m3 165 45 \
        "You are listening to two three four Radio, Africa's premium internet radio."
    sx "$W/id1v.wav" "$W/id1v.p.wav" pad 0.9 0.2
    sx -m "$W/id1c.wav" "$W/id1v.p.wav" "$W/id1.wav" norm -1
}

make_id2() {  # voice over a soft C-major pad
    speak "$W/id2v.wav" en-us+f3 170 55 \
        "Two three four Radio. Africa's premium internet radio. You are listening."
    local len
    len=$(calc "$(sox --i -D "$W/id2v.wav") + 1.0")
    chords "$W/id2p.m.wav" "$len" sine 0.5 "-9 -5 -2 3"
    sx "$W/id2p.m.wav" -c 2 "$W/id2p.wav" remix 1v0.5 1v0.5 fade q 0.4 "$len" 0.8
    sx "$W/id2v.wav" "$W/id2v.p.wav" pad 0.4 0.6
    sx -m -v 1 "$W/id2v.p.wav" -v 0.35 "$W/id2p.wav" "$W/id2.wav" trim 0 "$len" norm -1
}

make_news() {
    chime "$W/newsc.wav"
    speak "$W/newsv.wav" en-gb+f2 170 50 \
        "This is a demo news bulletin from two three four Radio. Every story is invented, for testing only.
In Lagos, a fictional tortoise called Speedy has finished a record breaking stroll around the market square, in just under three days.
Scientists at the imaginary Institute of Jollof Studies say rice tastes best when shared with friends.
The weather: sunny, with a gentle chance of good music. That was the demo news. Stay tuned."
    sx "$W/newsc.wav" "$W/newsv.wav" "$W/news.wav" pad 0 0.5 norm -1
}

# ------------------------------------------------------------- encode ------
# encode IN.wav OUT.mp3 SHAPE [tag args...]
# SHAPE: rate:channels:mode:kbps   mode = cbr | vbr (kbps is then -V level) | cbr-notag
#        (cbr-notag = CBR without the LAME/Info header frame, like many old rips;
#        lame also omits it by itself when the first frame is too small, e.g.
#        22.05 kHz mono at 48 kbps)
encode() {
    local in=$1 out=$2 shape=$3; shift 3
    local rate ch mode q
    IFS=: read -r rate ch mode q <<<"$shape"
    local khz
    khz=$(awk -v r="$rate" 'BEGIN { printf "%g", r / 1000 }')
    sx "$in" -r "$rate" -c "$ch" "$W/enc.wav" rate -v
    local args=(--quiet --resample "$khz")
    if [[ $ch == 1 ]]; then args+=(-m m); else args+=(-m j); fi
    case $mode in
        cbr) args+=(--cbr -b "$q") ;;
        cbr-notag) args+=(--cbr -b "$q" -t) ;;
        vbr) args+=(-V "$q") ;;
    esac
    if (($#)); then args+=(--id3v2-only --id3v2-utf16 "$@"); fi
    lame "${args[@]}" "$W/enc.wav" "$W/enc.mp3"
    mkdir -p "$(dirname "$out")"
    if [[ -f $out ]] && cmp -s "$W/enc.mp3" "$out"; then
        return 0     # unchanged: keep the file (and its mtime) as is
    fi
    mv -f "$W/enc.mp3" "$out"
}

tags() { # ARTIST TITLE GENRE TRACK -> lame tag options
    # (no --tc: lame 3.100 writes a UTF-16 COMM frame without BOM, which
    # ffmpeg reports as an error)
    printf '%s\0' --ta "$1" --tt "$2" --tl "234Radio Demo" --tg "$3" --tn "$4"
}

# One row per output file:
#  path | shape | artist | title | genre | track | dominant Hz (music) | maker
# An empty artist means: no ID3 tag at all (file-name fallback test).
CATALOG=(
    "music/01-ojo-ayo.mp3|44100:2:cbr:128|Adébáyọ̀ Ọlá|Ọjọ́ Ayọ̀|Highlife|1/6|220.00|make_track1|t1"
    "music/02-ife-okun.mp3|48000:2:vbr:4|Fọláṣadé Òkè|Ìfẹ́ Òkun|Ambient|2/6|146.83|make_track2|t2"
    "music/03-barka-da-safiya.mp3|22050:1:cbr:64|Ɗanlami Sani|Barka da Safiya|Folk|3/6|196.00|make_track3|t3"
    "music/04-uto-ndu.mp3|24000:2:cbr:64|Ifeọma Chukwu|Ụtọ Ndụ|Afro-Pop|4/6|261.63|make_track4|t4"
    "music/05-dont-stop-go.mp3|32000:2:cbr-notag:96|The Danfo Drivers|Don't Stop; Go|Pop|5/6|329.63|make_track5|t5"
    "music/Lagoon Trio - Harmattan Breeze.mp3|44100:2:vbr:6||Harmattan Breeze|||174.61|make_track6|t6"
    "ids/id-01-chime.mp3|44100:2:cbr:128|234Radio|Station ID (Chime)|Jingle|1/2||make_id1|id1"
    "ids/id-02-pad.mp3|48000:2:vbr:4|234Radio|Station ID (Pad)|Jingle|2/2||make_id2|id2"
    "news/news-demo-bulletin.mp3|22050:1:cbr:48|234Radio News Desk|Demo News Bulletin|Speech|1/1||make_news|news"
)
# for the untagged file, artist/title shown in the playlist come from its name
UNTAGGED_ARTIST="Lagoon Trio"

for row in "${CATALOG[@]}"; do
    IFS='|' read -r path shape artist title genre track hz maker wav <<<"$row"
    echo "make-demo.sh: $path"
    "$maker"
    if [[ -n $artist ]]; then
        mapfile -d '' targs < <(tags "$artist" "$title" "$genre" "$track")
        encode "$W/$wav.wav" "$HERE/$path" "$shape" "${targs[@]}"
    else
        encode "$W/$wav.wav" "$HERE/$path" "$shape"
    fi
done

# ------------------------------------------------------ playlist/readme ----
dur() { ffprobe -v error -show_entries format=duration -of default=nw=1:nk=1 "$HERE/$1"; }
field() { # N -> the N-th field of the catalog row for PATH ($2)
    local row
    for row in "${CATALOG[@]}"; do
        if [[ ${row%%|*} == "$2" ]]; then cut -d'|' -f"$1" <<<"$row"; return; fi
    done
}
lamehdr() { # MP3 -> "Xing", "Info" or "" (tag in the first audio frame)
    local off=0 b
    if [[ $(head -c 3 "$1") == ID3 ]]; then
        read -r -a b < <(od -An -tu1 -j6 -N4 "$1")
        off=$((10 + (b[0] << 21) + (b[1] << 14) + (b[2] << 7) + b[3]))
    fi
    tail -c +$((off + 1)) "$1" | head -c 64 | grep -aoE 'Xing|Info' | head -n 1 || true
}
label() { # PATH -> "Artist - Title"
    local a; a=$(field 3 "$1")
    echo "${a:-$UNTAGGED_ARTIST} - $(field 4 "$1")"
}

ORDER=(
    "ids/id-01-chime.mp3"
    "music/01-ojo-ayo.mp3"
    "music/02-ife-okun.mp3"
    "ids/id-02-pad.mp3"
    "music/03-barka-da-safiya.mp3"
    "music/04-uto-ndu.mp3"
    "ids/id-01-chime.mp3"
    "music/05-dont-stop-go.mp3"
    "music/Lagoon Trio - Harmattan Breeze.mp3"
    "ids/id-02-pad.mp3"
    "news/news-demo-bulletin.mp3"
)
{
    echo "#EXTM3U"
    echo "#PLAYLIST:234Radio Demo"
    for p in "${ORDER[@]}"; do
        printf '#EXTINF:%d,%s\n' "$(awk -v d="$(dur "$p")" 'BEGIN { printf "%d", d + 0.5 }')" "$(label "$p")"
        echo "$p"
    done
} >"$W/demo.m3u"

{
  cat <<'EOF'
# 234Radio demo audio library

Small, redistributable demo content for RadioServer: six synthesized music
beds, two station IDs and one (fictional) news bulletin, plus `demo.m3u`, an
extended M3U playlist (UTF-8, relative paths) that interleaves the music with
the station IDs and ends with the news bulletin.

The files deliberately cover common real-world MP3 shapes: MPEG-1 and MPEG-2
sample rates, mono and joint stereo, CBR with and without the LAME "Info"
frame, VBR with a Xing/LAME header, ID3v2.3 tags in UTF-16 with non-ASCII
(Yoruba, Hausa, Igbo) text, a title with an apostrophe and a semicolon, and one
file with no ID3 tag at all (artist and title must come from its file name).
Each music bed is built around one loud sustained tone (the "dominant" column),
so tests can tell the tracks apart by their strongest frequency.

| File | Sample rate | Channels | Mode | kbps | Duration | Artist – Title | Dominant |
|---|---|---|---|---|---|---|---|
EOF
    for row in "${CATALOG[@]}"; do
        IFS='|' read -r path shape artist title genre track hz maker wav <<<"$row"
        IFS=: read -r rate ch mode q <<<"$shape"
        br=$(ffprobe -v error -select_streams a:0 -show_entries stream=bit_rate -of default=nw=1:nk=1 "$HERE/$path")
        case $mode in
            cbr*) m="CBR"; k=$q ;;
            vbr) m="VBR -V $q"; k="~$((br / 1000)) avg" ;;
        esac
        case $(lamehdr "$HERE/$path") in
            Xing) m+=", Xing/LAME header" ;;
            Info) m+=", LAME Info frame" ;;
            *) m+=", no Xing/Info frame" ;;
        esac
        if [[ -n $artist ]]; then who="$artist – $title"; else who="*(no ID3 tag)* $UNTAGGED_ARTIST – $title"; fi
        printf '| `%s` | %s Hz | %s | %s | %s | %.1f s | %s | %s |\n' \
            "$path" "$rate" "$([[ $ch == 1 ]] && echo mono || echo stereo)" "$m" "$k" \
            "$(dur "$path")" "$who" "$([[ -n $hz ]] && echo "$hz Hz" || echo —)"
    done
  cat <<'EOF'

All tagged files carry ID3v2.3 artist, title, album ("234Radio Demo"), genre,
and track number; there is no ID3v1 tag.

## Regenerate

```sh
bash playlists/make-demo.sh
```

Needs `sox`, `espeak-ng`, `lame` and `ffprobe`
(`sudo apt-get install -y sox espeak-ng lame ffmpeg`). The script is
idempotent and deterministic (fixed random seed), and rewrites this README and
`demo.m3u` too, so edit the script rather than the generated files.

## Licence

Everything here was synthesized by `make-demo.sh` (sox tones and noise,
espeak-ng speech); no recorded or downloaded audio is used. Artists, titles
and news stories are invented. The audio, the playlist and the script are
dedicated to the public domain under CC0 1.0 and may be redistributed freely.
EOF
} >"$W/README.md"

for f in demo.m3u README.md; do
    if ! cmp -s "$W/$f" "$HERE/$f" 2>/dev/null; then cp "$W/$f" "$HERE/$f"; fi
done

# optional decode check
if command -v ffmpeg >/dev/null 2>&1; then
    for row in "${CATALOG[@]}"; do
        p=${row%%|*}
        errs=$(ffmpeg -nostdin -v error -i "$HERE/$p" -f null - 2>&1 || echo "ffmpeg failed")
        if [[ -n $errs ]]; then echo "make-demo.sh: decode errors in $p: $errs" >&2; exit 1; fi
    done
fi
echo "make-demo.sh: done ($(du -sh "$HERE" | cut -f1) in $HERE)"
