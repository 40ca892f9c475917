// The demo page: a small shop-like page with forms, a list, a canvas and console noise, plus the
// tracker. Plain JS, no build.
(function () {
  'use strict';

  var $ = function (id) { return document.getElementById(id); };

  // ---- the tracker ----

  var params = new URLSearchParams(location.search);
  var userId = params.get('user') || 'demo-user';
  var Tandem = window.Tandem;

  var trackerState = $('tracker-state');
  var badge = $('agent-badge');

  function showState() {
    trackerState.textContent = Tandem && Tandem.isStreaming() ? 'streaming to an agent' : 'idle (nobody watching)';
  }

  if (!Tandem) {
    trackerState.textContent = 'not loaded (is /tracker.js served?)';
  } else {
    Tandem.on('agentJoined', function () { badge.hidden = false; });
    Tandem.on('agentLeft', function () { badge.hidden = true; });
    Tandem.on('streaming', showState);
    Tandem.on('idle', showState);
    Tandem.start({
      server: location.origin,
      projectKey: params.get('projectKey') || 'demo-key',
      userId: userId,
      metadata: { plan: 'demo' }
    });
    $('session-id').textContent = Tandem.getSessionId() || '?';
    $('tab-id').textContent = Tandem.getTabId() || '?';
    showState();
  }

  // ---- checkout form ----

  var items = $('items');

  function addItem(text) {
    var li = document.createElement('li');
    var label = document.createElement('span');
    label.className = 'label';
    label.textContent = text;
    var remove = document.createElement('button');
    remove.type = 'button';
    remove.className = 'remove-item';
    remove.textContent = 'Remove';
    li.appendChild(label);
    li.appendChild(document.createTextNode(' '));
    li.appendChild(remove);
    items.appendChild(li);
    return li;
  }

  $('checkout-form').addEventListener('submit', function (event) {
    event.preventDefault();
    var name = $('name').value.trim() || 'Anonymous';
    var email = $('email').value.trim();
    addItem('Order for ' + name + (email ? ' <' + email + '>' : ''));
  });

  // ---- basket ----

  var added = 0;
  var products = ['Red kettle', 'Oak tray', 'Tea towel', 'Sugar bowl', 'Milk jug', 'Cake stand'];

  $('add-item').addEventListener('click', function () {
    addItem(products[added % products.length] + ' #' + (added + 1));
    added++;
  });

  items.addEventListener('click', function (event) {
    var target = event.target;
    if (target instanceof HTMLElement && target.classList.contains('remove-item')) {
      var li = target.closest('li');
      if (li) li.remove();
    }
  });

  // ---- canvas chart ----

  var canvas = $('chart');
  var ctx = canvas.getContext('2d');
  var animating = false;
  var frame = 0;

  function draw(t) {
    var w = canvas.width;
    var h = canvas.height;
    ctx.clearRect(0, 0, w, h);
    ctx.fillStyle = '#f5f7fa';
    ctx.fillRect(0, 0, w, h);
    var bars = 8;
    var gap = 10;
    var bw = (w - gap * (bars + 1)) / bars;
    for (var i = 0; i < bars; i++) {
      var v = 0.55 + 0.4 * Math.sin(t / 30 + i * 0.8);
      var bh = v * (h - 30);
      ctx.fillStyle = i % 2 ? '#2f6fed' : '#6c9bf5';
      ctx.fillRect(gap + i * (bw + gap), h - 10 - bh, bw, bh);
    }
    ctx.fillStyle = '#1d2433';
    ctx.font = '12px system-ui, sans-serif';
    ctx.fillText('Sales per day', 10, 16);
  }

  function tick() {
    if (!animating) return;
    frame++;
    draw(frame);
    requestAnimationFrame(tick);
  }

  $('animate').addEventListener('click', function () {
    animating = !animating;
    this.setAttribute('aria-pressed', String(animating));
    this.textContent = animating ? 'Stop animation' : 'Animate chart';
    if (animating) requestAnimationFrame(tick);
  });

  draw(0);

  // ---- counter ----

  var count = 0;
  $('counter').addEventListener('click', function () {
    count++;
    $('count').textContent = String(count);
  });

  // ---- console and errors ----

  $('log-button').addEventListener('click', function () {
    console.log('demo log', { count: count, items: items.children.length, nested: { ok: true } });
    console.info('demo info', 42);
    console.warn('demo warning: stock is low', ['teapot', 'mug']);
    console.error('demo error: payment service slow', new Error('timeout after 3000 ms'));
  });

  $('throw-button').addEventListener('click', function () {
    throw new Error('Demo uncaught error (button ' + (count + 1) + ')');
  });

  $('reject-button').addEventListener('click', function () {
    Promise.reject(new Error('Demo unhandled rejection'));
  });
})();
