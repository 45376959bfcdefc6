// The station page: live now-playing from the event stream, and an HTML5 audio player.
// Every URL is relative, so the page works behind a reverse proxy under a sub-path.
(function () {
  'use strict';
  var $ = function (id) { return document.getElementById(id); };
  var audio = $('player'), play = $('play'), saver = $('saver'), status = $('status');
  var opus = audio.canPlayType('audio/ogg; codecs=opus') !== '';
  var mounts = [];
  var current = null, receivedAt = 0, playing = false;

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

  function start() {
    var path = rel(chooseMount());
    audio.src = path;
    playing = true;
    play.setAttribute('aria-pressed', 'true');
    play.setAttribute('aria-label', 'Pause');
    setStatus('Connecting\u2026');
    var p = audio.play();
    if (p && p.catch) {
      p.catch(function (e) { if (playing) { stop(); setStatus('Could not play: ' + e.message); } });
    }
  }

  // Pausing a live stream means leaving it: drop the connection instead of buffering behind live.
  function stop() {
    playing = false;
    audio.pause();
    audio.removeAttribute('src');
    audio.load();
    play.setAttribute('aria-pressed', 'false');
    play.setAttribute('aria-label', 'Play');
    setStatus('Press play to listen');
  }

  play.addEventListener('click', function () { if (playing) { stop(); } else { start(); } });
  saver.addEventListener('change', function () { if (playing) { start(); } });
  audio.addEventListener('playing', function () { setStatus('Live' + (saver.checked ? ' (data saver)' : '')); });
  audio.addEventListener('waiting', function () { if (playing) { setStatus('Buffering\u2026'); } });
  audio.addEventListener('error', function () {
    if (playing) { setStatus('The stream stopped; retrying\u2026'); setTimeout(function () { if (playing) { start(); } }, 3000); }
  });

  function renderProgress() {
    if (!current) { return; }
    var elapsed = (current.elapsed || 0) + (Date.now() - receivedAt) / 1000;
    if (current.duration) { elapsed = Math.min(elapsed, current.duration); }
    var pct = current.duration ? Math.round(100 * elapsed / current.duration) : 0;
    $('np-bar').style.width = pct + '%';
    $('np-progress').setAttribute('aria-valuenow', String(pct));
    $('np-elapsed').textContent = clock(elapsed);
    $('np-duration').textContent = current.duration ? clock(current.duration) : '';
  }

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

  function render(state) {
    var linksChanged = JSON.stringify(state.mounts.map(function (m) { return m.path; })) !==
      JSON.stringify(mounts.map(function (m) { return m.path; }));
    mounts = state.mounts;
    if (linksChanged) { renderLinks(); }
    var small = mounts.filter(function (m) { return m.format === 'mp3'; }).sort(byBitrate)[0];
    if (small) { $('saver-note').textContent = '(' + small.bitrate + ' kbps)'; }

    text($('station-name'), state.station.name);
    document.title = state.now_playing ? state.now_playing.text + ' \u2013 ' + state.station.name : state.station.name;
    $('zone').textContent = '(' + state.station.time_zone + ' time)';
    $('listeners').textContent = String(state.listeners);
    $('listeners-label').textContent = state.listeners === 1 ? 'listener now' : 'listening now';

    current = state.now_playing;
    receivedAt = Date.now();
    text($('np-title'), current ? current.title : 'Off air');
    text($('np-artist'), current ? current.artist : '');
    $('np-album').textContent = current && current.album ? current.album : '';
    renderProgress();
    if (current && 'mediaSession' in navigator && window.MediaMetadata) {
      navigator.mediaSession.metadata = new MediaMetadata({ title: current.title, artist: current.artist || state.station.name, album: current.album || '' });
    }

    var history = $('history');
    history.textContent = '';
    state.history.forEach(function (h) { history.appendChild(item(h, h.started_at_local)); });
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
  window.radio = { start: start, stop: stop, audio: audio };
}());
