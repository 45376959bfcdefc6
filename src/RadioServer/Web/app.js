// The station page: live now-playing from the event stream, and an HTML5 audio player. Where the station serves HLS
// (hls/live.m3u8) the player uses it, with rewind: hls.js through Media Source Extensions, or the browser's own HLS in
// Safari (and where there is no MSE); otherwise it plays the Icecast mounts.
// Every URL is relative, so the page works behind a reverse proxy under a sub-path.
(function () {
  'use strict';
  var $ = function (id) { return document.getElementById(id); };
  var audio = $('player'), play = $('play'), saver = $('saver'), status = $('status');
  var opus = audio.canPlayType('audio/ogg; codecs=opus') !== '';
  var mounts = [];
  var current = null, receivedAt = 0, playing = false;
  var state = null;      // the last now-playing document
  var skew = 0;          // the station's clock less this browser's (ms), from the event stream

  // HLS: mode '' (Icecast), 'hlsjs' or 'native', decided once hls/live.m3u8 has answered (see probe below).
  var hlsMode = '', renditions = [], hls = null;
  var mediaRecoveries = 0; // media errors hls.js recovered from on the current player (a few; then a new player)
  var at = null;         // null: live; else the air time (ms, station clock) the listener rewound to
  var marks = [];        // item starts read from the segments' ID3 tags: { start, title, artist }
  var oldestKept = 0;    // the oldest air time the station still had when a rewound playlist last loaded
  var resume = null;     // where a paused HLS listener was: { at, when }
  var shown = '';
  var ready = Promise.resolve();

  function rel(path) { return path.replace(/^\/+/, ''); }

  function text(el, value) { el.textContent = value == null || value === '' ? '\u00a0' : value; }

  function clock(seconds) {
    seconds = Math.max(0, Math.floor(seconds || 0));
    var m = Math.floor(seconds / 60), s = seconds % 60;
    return m + ':' + (s < 10 ? '0' : '') + s;
  }

  // "2026-11-27T23:20:01.5+01:00" -> "23:20": the station's own wall clock, whatever the browser's zone.
  function stationTime(iso) { return iso ? iso.substring(11, 16) : ''; }

  function byBitrate(a, b) { return a.bitrate - b.bitrate; }

  // Opus where the browser plays it, else the best MP3; the data saver takes the smallest MP3.
  function chooseMount() {
    var mp3 = mounts.filter(function (m) { return m.format === 'mp3'; }).sort(byBitrate);
    var ogg = mounts.filter(function (m) { return m.format === 'opus'; });
    if (saver.checked) { return mp3.length ? mp3[0].path : 'mobile.mp3'; }
    if (opus && ogg.length) { return ogg[0].path; }
    return mp3.length ? mp3[mp3.length - 1].path : 'stream.mp3';
  }

  function setStatus(message) { status.textContent = message; }

  function playMedia() {
    var p = audio.play();
    if (p && p.catch) {
      // AbortError: the source changed (a rewind) before the last play() began; the new one is on its way.
      p.catch(function (e) { if (playing && e.name !== 'AbortError') { stop(); setStatus('Could not play: ' + e.message); } });
    }
  }

  function start() {
    playing = true;
    play.setAttribute('aria-pressed', 'true');
    play.setAttribute('aria-label', 'Pause');
    setStatus('Connecting\u2026');
    if (hlsMode) {
      // Paused with HLS: go on from there (time shift), or live if that was over an hour ago.
      if (resume) { at = Date.now() - resume.when < 3600000 && isFinite(resume.at) ? resume.at : null; resume = null; }
      startHls();
      return;
    }

    audio.src = rel(chooseMount());
    playMedia();
  }

  // Pausing an Icecast stream means leaving it: drop the connection instead of buffering behind live. With HLS the
  // page remembers the position, and play goes on from there.
  function stop() {
    if (hlsMode && playing) { resume = { at: playhead(), when: Date.now() }; }
    playing = false;
    destroyHls();
    audio.pause();
    audio.removeAttribute('src');
    audio.load();
    play.setAttribute('aria-pressed', 'false');
    play.setAttribute('aria-label', 'Play');
    setStatus('Press play to listen');
    showNow();
  }

  // Plays from an air time (ms on the station's clock), or live with null.
  function listen(when) {
    at = when;
    resume = null;
    if (playing) { startHls(); } else { start(); }
    showNow();
  }

  function destroyHls() {
    if (hls) { hls.destroy(); hls = null; }
  }

  function hlsSource() {
    var q = at == null ? '' : '?start=' + (at / 1000).toFixed(3);
    // The browser's own HLS cannot be told which rendition to take: the data saver names the smallest one.
    return 'hls/' + (hlsMode === 'native' && saver.checked ? renditions[0].uri.split('?')[0] : 'live.m3u8') + q;
  }

  function startHls() {
    setStatus('Connecting\u2026');
    renderRewind();
    if (hlsMode === 'native') {
      audio.src = hlsSource();
      playMedia();
      return;
    }

    // A new player for every source: the old one's buffer belongs to another playlist.
    destroyHls();
    var Hls = window.Hls;
    // Audio is small: without a cap hls.js would buffer up to 10 minutes ahead (its byte budget over the bitrate).
    hls = new Hls({ enableWorker: false, lowLatencyMode: false, backBufferLength: 90, maxBufferLength: 30, maxMaxBufferLength: 60 });
    mediaRecoveries = 0;
    hls.on(Hls.Events.MANIFEST_PARSED, capLevel);
    // The segments' ID3 tags as hls.js parses them (ahead of playback). Its metadata cues are not enough: Chromium
    // drops the cues of the first segment, added before the track element hls.js creates for them has loaded.
    hls.on(Hls.Events.FRAG_PARSING_METADATA, function (e, data) {
      data.samples.forEach(function (sample) { addMark(id3Text(sample.data)); });
    });
    hls.on(Hls.Events.LEVEL_LOADED, function (e, data) {
      var first = data.details.fragments[0];
      // Asked for more than the station keeps: it starts from its oldest segment.
      if (at != null && first && first.programDateTime > at + 1000 * data.details.targetduration) {
        oldestKept = first.programDateTime;
        at = oldestKept;
      }
    });
    hls.on(Hls.Events.ERROR, function (e, data) {
      if (!data.fatal || !playing) { return; }
      if (data.type === Hls.ErrorTypes.MEDIA_ERROR && mediaRecoveries++ < 3) { hls.recoverMediaError(); return; }
      var where = playhead();
      destroyHls();
      setStatus('The stream stopped; retrying\u2026');
      setTimeout(function () {
        if (playing && !hls) { if (at != null && isFinite(where)) { at = where; } startHls(); }
      }, 3000);
    });
    hls.attachMedia(audio);
    hls.loadSource(hlsSource());
    playMedia();
  }

  // The data saver caps hls.js at the smallest rendition (it switches at the next segment, without a reload).
  function capLevel() {
    if (!hls || !hls.levels) { return; }
    var low = 0;
    hls.levels.forEach(function (l, i) { if (l.bitrate < hls.levels[low].bitrate) { low = i; } });
    hls.autoLevelCapping = saver.checked ? low : -1;
    if (saver.checked) { hls.nextLevel = low; }
  }

  // The air time (ms, station clock) of what the listener hears now, from EXT-X-PROGRAM-DATE-TIME; NaN if unknown.
  function playhead() {
    if (hls) { var d = hls.playingDate; return d ? d.getTime() : NaN; }
    if (hlsMode === 'native' && audio.getStartDate) {
      var s = audio.getStartDate().getTime();
      return isFinite(s) && audio.currentSrc ? s + audio.currentTime * 1000 : NaN;
    }
    return NaN;
  }

  function stationNow() { return Date.now() + skew; }

  function behindLive() {
    if (at == null) { return 0; }
    var t = playhead();
    return Math.max(0, (stationNow() - (isFinite(t) ? t : at)) / 1000);
  }

  function liveStatus() {
    return (at == null ? 'Live' : 'Rewound: ' + clock(behindLive()) + ' behind live') + (saver.checked ? ' (data saver)' : '');
  }

  play.addEventListener('click', function () { if (playing) { stop(); } else { ready.then(start); } });
  saver.addEventListener('change', function () {
    if (!playing) { return; }
    if (hls) { capLevel(); setStatus(liveStatus()); return; }
    if (hlsMode) { var where = playhead(); if (at != null && isFinite(where)) { at = where; } startHls(); return; }
    start();
  });
  audio.addEventListener('playing', function () { setStatus(liveStatus()); });
  audio.addEventListener('waiting', function () { if (playing) { setStatus('Buffering\u2026'); } });
  audio.addEventListener('error', function () {
    if (playing) { setStatus('The stream stopped; retrying\u2026'); setTimeout(function () { if (playing) { start(); } }, 3000); }
  });

  // What aired when: the event stream's items (with their lengths), and the items the segments' ID3 tags named
  // that are no longer in its history. Newest last is not needed: heard() takes the latest start.
  function items() {
    var list = [];
    if (state) {
      (state.now_playing ? [state.now_playing] : []).concat(state.history).forEach(function (h) {
        list.push({ start: Date.parse(h.started_at_utc), title: h.title, artist: h.artist, album: h.album, duration: h.duration });
      });
    }
    marks.forEach(function (m) {
      if (!list.some(function (i) { return Math.abs(i.start - m.start) < 2000; })) { list.push(m); }
    });
    return list;
  }

  // The item at the playhead (an ID3 tag is one MP3 frame early; a start found from the history may be a hair late).
  function heard() {
    var t = playhead(), best = null;
    if (!isFinite(t)) { return null; }
    items().forEach(function (i) { if (i.start <= t + 250 && (!best || i.start > best.start)) { best = i; } });
    return best;
  }

  function liveItem() {
    var n = state && state.now_playing;
    return n ? { start: Date.parse(n.started_at_utc), title: n.title, artist: n.artist, album: n.album, duration: n.duration } : null;
  }

  // The title shown: with HLS what the listener hears (live is some seconds behind the station, rewound far more),
  // otherwise what is on air.
  function showNow() {
    var item = (hlsMode && playing && heard()) || liveItem();
    var name = state ? state.station.name : document.title;
    var key = item ? item.start + '|' + item.title + '|' + item.artist : '';
    if (key !== shown) {
      shown = key;
      text($('np-title'), item ? item.title : 'Off air');
      text($('np-artist'), item ? item.artist : '');
      $('np-album').textContent = item && item.album ? item.album : '';
      document.title = item ? item.title + (item.artist ? ' \u2013 ' + item.artist : '') + ' \u2013 ' + name : name;
      if (item && 'mediaSession' in navigator && window.MediaMetadata) {
        navigator.mediaSession.metadata = new MediaMetadata({ title: item.title, artist: item.artist || name, album: item.album || '' });
      }
    }

    return item;
  }

  function renderProgress() {
    var item = hlsMode && playing ? heard() : null;
    if (item) {
      current = { elapsed: (playhead() - item.start) / 1000, duration: item.duration };
      receivedAt = Date.now();
    } else if (state) {
      current = state.now_playing;
      receivedAt = stateAt;
    }

    renderRewind();
    if (!current) { return; }
    var elapsed = (current.elapsed || 0) + (Date.now() - receivedAt) / 1000;
    if (current.duration) { elapsed = Math.min(elapsed, current.duration); }
    var pct = current.duration ? Math.round(100 * elapsed / current.duration) : 0;
    $('np-bar').style.width = pct + '%';
    $('np-progress').setAttribute('aria-valuenow', String(pct));
    $('np-elapsed').textContent = clock(elapsed);
    $('np-duration').textContent = current.duration ? clock(current.duration) : '';
  }

  var stateAt = 0;

  function item(entry, timeIso) {
    var li = document.createElement('li');
    var t = document.createElement('time');
    t.dateTime = timeIso || '';
    t.textContent = stationTime(timeIso);
    var span = document.createElement('span');
    span.textContent = entry.text;
    li.appendChild(t);
    li.appendChild(span);
    return li;
  }

  function renderLinks() {
    var list = $('links');
    list.textContent = '';
    mounts.forEach(function (m) {
      var li = document.createElement('li');
      var name = document.createElement('span');
      name.textContent = (m.format === 'opus' ? 'Opus ' : 'MP3 ') + m.bitrate + ' kbps';
      li.appendChild(name);
      ['m3u', 'pls'].forEach(function (ext) {
        var a = document.createElement('a');
        a.href = rel(m.path) + '.' + ext;
        a.textContent = ext.toUpperCase();
        a.setAttribute('aria-label', name.textContent + ' playlist (' + ext.toUpperCase() + ')');
        li.appendChild(a);
      });
      list.appendChild(li);
    });
  }

  function render(next) {
    state = next;
    stateAt = Date.now();
    if (state.generated_at_utc) { skew = Date.parse(state.generated_at_utc) - stateAt; }
    var linksChanged = JSON.stringify(state.mounts.map(function (m) { return m.path; })) !==
      JSON.stringify(mounts.map(function (m) { return m.path; }));
    mounts = state.mounts;
    if (linksChanged) { renderLinks(); }
    var small = mounts.filter(function (m) { return m.format === 'mp3'; }).sort(byBitrate)[0];
    if (small && !hlsMode) { $('saver-note').textContent = '(' + small.bitrate + ' kbps)'; }

    text($('station-name'), state.station.name);
    $('zone').textContent = '(' + state.station.time_zone + ' time)';
    $('listeners').textContent = String(state.listeners);
    $('listeners-label').textContent = state.listeners === 1 ? 'listener now' : 'listening now';

    showNow();
    renderProgress();

    // With HLS every item still kept can be played from its start; a rebuilt list keeps the focus on its button.
    var history = $('history');
    var focused = document.activeElement && document.activeElement.getAttribute('data-start');
    history.textContent = '';
    state.history.forEach(function (h) {
      var li = item(h, h.started_at_local);
      var start = Date.parse(h.started_at_utc);
      if (hlsMode && !(oldestKept && start < oldestKept)) {
        var b = document.createElement('button');
        b.type = 'button';
        b.className = 'jump';
        b.setAttribute('data-start', h.started_at_utc);
        b.setAttribute('aria-label', 'Play ' + h.text + ' from its start');
        b.textContent = 'Play';
        li.appendChild(b);
      }
      history.appendChild(li);
    });
    if (focused) {
      var again = history.querySelector('button[data-start="' + focused + '"]');
      if (again) { again.focus(); }
    }
    if (!state.history.length) {
      var empty = document.createElement('li');
      empty.className = 'empty';
      empty.textContent = 'Nothing yet';
      history.appendChild(empty);
    }

    var next = $('next');
    next.textContent = '';
    state.next.forEach(function (n) { next.appendChild(item(n, n.started_at_local)); });
    $('next-section').hidden = state.next.length === 0;
  }

  function onState(e) {
    try { render(JSON.parse(e.data)); } catch (err) { setStatus('Bad update: ' + err.message); }
  }

  // Rewind: the scrubber spans what the station keeps as far as the page knows it (its history, at least 10 minutes),
  // its value the seconds behind live; a change is applied once the listener has stopped moving it for a moment.
  var scrub = $('rw-scrub'), scrubbing = false, scrubTimer = 0;

  function renderRewind() {
    if (!hlsMode) { return; }
    var now = stationNow(), oldest = now - 600000;
    var kept = state && state.hls && state.hls.window_start_utc ? Date.parse(state.hls.window_start_utc) : 0;
    if (kept) {
      oldest = kept; // the station says how far back it keeps audio
    } else {
      items().forEach(function (i) { if (i.start < oldest) { oldest = i.start; } });
      if (oldestKept > oldest) { oldest = oldestKept; }
    }
    var behind = playing ? behindLive() : 0;
    if (!scrubbing) {
      scrub.min = String(-Math.ceil((now - oldest) / 1000));
      scrub.value = String(-Math.round(behind));
      describeScrub(behind);
    }

    $('rw-live').disabled = !playing || at == null;
    document.body.classList.toggle('rewound', playing && at != null);
    if (playing && at != null && /^Rewound/.test(status.textContent)) { setStatus(liveStatus()); }
  }

  function describeScrub(behind) {
    var label = behind < 1 ? 'Live' : clock(behind) + ' behind live';
    $('rw-pos').textContent = label;
    scrub.setAttribute('aria-valuetext', label);
  }

  scrub.addEventListener('input', function () { scrubbing = true; describeScrub(-Number(scrub.value)); });
  // A drag that ends where it began fires no 'change': let the scrubber follow the playhead again.
  ['pointerup', 'blur'].forEach(function (type) {
    scrub.addEventListener(type, function () { if (!scrubTimer) { scrubbing = false; } });
  });
  scrub.addEventListener('change', function () {
    scrubbing = true;
    clearTimeout(scrubTimer);
    scrubTimer = setTimeout(function () {
      scrubTimer = 0;
      scrubbing = false;
      var behind = -Number(scrub.value);
      listen(behind < 5 ? null : stationNow() - behind * 1000);
    }, 400);
  });
  $('rw-live').addEventListener('click', function () { listen(null); });
  $('rw-start').addEventListener('click', function () {
    var item = (playing && heard()) || liveItem();
    if (item) { listen(item.start); }
  });
  $('history').addEventListener('click', function (e) {
    var b = e.target.closest ? e.target.closest('button.jump') : null;
    if (b) { listen(Date.parse(b.getAttribute('data-start'))); }
  });

  // An item's start from its ID3 tag: TIT2 (title), TPE1 (artist), TXXX radioserver_aired (its air time).
  function addMark(tags) {
    var aired = Date.parse(tags.radioserver_aired);
    if (typeof tags.TIT2 === 'string' && isFinite(aired) && !marks.some(function (m) { return m.start === aired; })) {
      marks.push({ start: aired, title: tags.TIT2, artist: typeof tags.TPE1 === 'string' ? tags.TPE1 : '' });
      if (marks.length > 100) { marks.shift(); }
      showNow();
    }
  }

  // The text frames of an ID3v2.3/2.4 tag (TXXX by its description), e.g. { TIT2: 'Title', radioserver_aired: '…' }.
  function id3Text(b) {
    var tags = {};
    if (!b || b.length < 10 || b[0] !== 0x49 || b[1] !== 0x44 || b[2] !== 0x33 || (b[5] & 0x40)) { return tags; }
    var v4 = b[3] === 4, end = Math.min(b.length, 10 + syncsafe(b, 6)), pos = 10;
    while (pos + 10 <= end) {
      var id = String.fromCharCode(b[pos], b[pos + 1], b[pos + 2], b[pos + 3]);
      var size = v4 ? syncsafe(b, pos + 4) : ((b[pos + 4] << 24) | (b[pos + 5] << 16) | (b[pos + 6] << 8) | b[pos + 7]) >>> 0;
      if (!/^[A-Z0-9]{4}$/.test(id) || size < 1) { break; }
      var body = b.subarray(pos + 10, Math.min(end, pos + 10 + size));
      if (id.charAt(0) === 'T' && body.length > 1 && window.TextDecoder) {
        var value = new TextDecoder(['latin1', 'utf-16', 'utf-16be', 'utf-8'][body[0]] || 'utf-8').decode(body.subarray(1));
        var parts = value.replace(/\0+$/, '').split('\0').map(function (p) { return p.replace(/^\ufeff/, ''); });
        if (id === 'TXXX') { tags[parts[0]] = parts.slice(1).join(''); } else { tags[id] = parts[0]; }
      }
      pos += 10 + size;
    }
    return tags;
  }

  function syncsafe(b, i) { return ((b[i] & 0x7f) << 21) | ((b[i + 1] & 0x7f) << 14) | ((b[i + 2] & 0x7f) << 7) | (b[i + 3] & 0x7f); }

  // Safari's own HLS gives the ID3 tags only as metadata cues (DataCue values as { key, info, data }).
  function watchCues(track) {
    if (track.kind !== 'metadata' || hlsMode !== 'native') { return; }
    if (track.mode === 'disabled') { track.mode = 'hidden'; }
    track.addEventListener('cuechange', function () {
      var tags = {}, cues = track.activeCues || [];
      for (var i = 0; i < cues.length; i++) {
        var v = cues[i].value;
        if (v && v.key) { tags[v.key === 'TXXX' ? v.info : v.key] = v.data; }
      }
      addMark(tags);
    });
  }

  if (audio.textTracks && audio.textTracks.addEventListener) {
    audio.textTracks.addEventListener('addtrack', function (e) { watchCues(e.track); });
  }
  audio.addEventListener('timeupdate', function () { if (hlsMode && playing) { showNow(); } });

  // HLS: the multivariant playlist names the renditions. hls.js where the browser has Media Source Extensions for MP3;
  // the browser's own HLS in Safari (Apple's WebKit) and where there is no MSE. Chromium also answers "maybe" for
  // HLS, but its own player gives neither the ID3 tags nor the program date, which the title and rewind need.
  function probe() {
    if (!window.fetch || !window.Promise) { return Promise.resolve(); }
    var mse = window.ManagedMediaSource || window.MediaSource;
    var mp3 = !!(mse && mse.isTypeSupported && mse.isTypeSupported('audio/mpeg'));
    var native = audio.canPlayType('application/vnd.apple.mpegurl') !== '';
    var apple = /Apple/.test(navigator.vendor || '');
    return fetch('hls/live.m3u8').then(function (r) { return r.ok ? r.text() : ''; }).then(function (playlist) {
      renditions = [];
      var lines = playlist.split(/\r?\n/);
      lines.forEach(function (line, i) {
        var m = /^#EXT-X-STREAM-INF:(.*)$/.exec(line);
        var bw = m && (/(?:^|,)AVERAGE-BANDWIDTH=(\d+)/.exec(m[1]) || /(?:^|,)BANDWIDTH=(\d+)/.exec(m[1]));
        if (m && lines[i + 1]) { renditions.push({ uri: lines[i + 1].trim(), kbps: bw ? Math.round(Number(bw[1]) / 1000) : 0 }); }
      });
      renditions.sort(function (a, b) { return a.kbps - b.kbps; });
      if (!renditions.length) { return null; }
      if (native && (apple || !mp3)) { hlsMode = 'native'; return null; }
      if (!mp3) { return null; }
      return new Promise(function (resolve) {
        var script = document.createElement('script');
        script.onload = function () { if (window.Hls && window.Hls.isSupported()) { hlsMode = 'hlsjs'; } resolve(); };
        script.onerror = resolve; // the Icecast mounts still play
        script.src = 'vendor/hls.light.min.js';
        document.head.appendChild(script);
      });
    }).catch(function () { }).then(function () {
      if (!hlsMode) { return; }
      $('rewind').hidden = false;
      $('saver-note').textContent = '(' + renditions[0].kbps + ' kbps)';
      if (state) { render(state); }
    });
  }

  ready = probe();

  if (window.EventSource) {
    var events = new EventSource('api/nowplaying/events');
    events.addEventListener('nowplaying', onState);
  } else {
    var poll = function () {
      fetch('api/nowplaying').then(function (r) { return r.json(); }).then(function (s) { render(s); });
    };
    poll();
    setInterval(poll, 10000);
  }

  // Listen again: recent recordings in the podcast feeds, and the feeds (api/episodes).
  function renderEpisodes(data) {
    var list = $('episodes');
    list.textContent = '';
    data.episodes.forEach(function (e) {
      var li = document.createElement('li');
      var t = document.createElement('time');
      t.dateTime = e.started_at_local;
      t.textContent = e.started_at_local.substring(8, 10) + '/' + e.started_at_local.substring(5, 7) + ' ' + stationTime(e.started_at_local);
      var a = document.createElement('a');
      a.href = e.url;
      a.textContent = e.show + (e.presenter ? ' \u2013 ' + e.presenter : '') + ' (' + clock(e.duration_seconds) + ')';
      li.appendChild(t);
      li.appendChild(a);
      list.appendChild(li);
    });
    var feeds = $('feeds');
    feeds.textContent = '';
    data.feeds.forEach(function (f) {
      var li = document.createElement('li');
      var name = document.createElement('span');
      name.textContent = f.title;
      var a = document.createElement('a');
      a.href = f.url;
      a.textContent = 'Podcast feed';
      a.setAttribute('aria-label', f.title + ' podcast feed (RSS)');
      li.appendChild(name);
      li.appendChild(a);
      feeds.appendChild(li);
    });
    $('episodes-section').hidden = data.feeds.length === 0;
  }

  function loadEpisodes() {
    fetch('api/episodes').then(function (r) { return r.json(); }).then(renderEpisodes).catch(function () { });
  }

  loadEpisodes();
  setInterval(loadEpisodes, 300000);
  setInterval(renderProgress, 1000);
  window.radio = {
    start: start, stop: stop, audio: audio, listen: listen, playhead: playhead, ready: ready,
    marks: function () { return marks.slice(); },
    hls: function () { return hls; }, mode: function () { return hlsMode; }, at: function () { return at; },
  };
}());
