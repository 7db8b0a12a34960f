// The reference server: Node's socket.io 4.x with the bench contract (see bench/README.md, "The contract").
// Everything is left at socket.io's defaults (ping interval/timeout, maxHttpBufferSize, no connection state
// recovery) so the comparison is against socket.io as people run it. Nothing is logged: logging would cost CPU
// that the other server does not spend either.
'use strict';

const http = require('node:http');
const { Server } = require('socket.io');

const port = Number(argValue('--port') ?? process.env.PORT ?? 3001);
const host = '127.0.0.1'; // loopback only, always

const httpServer = http.createServer(handleHttp);
const io = new Server(httpServer);
const video = io.of('/video');

video.on('connection', (socket) => {
  socket.on('join', (data, ack) => {
    socket.join(room(data));
    if (typeof ack === 'function') ack({ ok: true });
  });

  socket.on('leave', (data, ack) => {
    socket.leave(room(data));
    if (typeof ack === 'function') ack({ ok: true });
  });

  // Echo: the ack carries back exactly the arguments that came in.
  socket.on('echo', (...args) => {
    const ack = typeof args[args.length - 1] === 'function' ? args.pop() : null;
    if (ack) ack(...args);
  });

  // Broadcast: the whole room, sender included (hence video.to, not socket.to).
  socket.on('broadcast', (data, ack) => {
    video.to(room(data)).emit('broadcast', data);
    if (typeof ack === 'function') ack({ ok: true });
  });
});

function room(data) {
  return 'session:' + (data && data.sessionId);
}

// POST /bench/emit and GET /bench/health: what a REST controller would do with the injected server.
function handleHttp(req, res) {
  if (req.method === 'GET' && req.url === '/bench/health') {
    return json(res, 200, { ok: true, clients: io.engine.clientsCount, pid: process.pid });
  }
  if (req.method === 'POST' && req.url === '/bench/emit') {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      let body;
      try {
        body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
      } catch {
        return json(res, 400, { error: 'bad json' });
      }
      const { sessionId, ts, pad } = body;
      const count = body.count | 0;
      const target = video.to('session:' + sessionId);
      for (let seq = 0; seq < count; seq++) {
        target.emit('resource-uploaded', { sessionId, seq, ts, pad });
      }
      json(res, 200, { emitted: count });
    });
    return;
  }
  // Anything else under /socket.io/ is handled by socket.io's own request listener; the rest is 404.
  if (!req.url.startsWith('/socket.io/')) json(res, 404, { error: 'not found' });
}

function json(res, status, value) {
  const body = JSON.stringify(value);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
  res.end(body);
}

function argValue(name) {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : undefined;
}

httpServer.listen(port, host, () => {
  console.log(`node socket.io ${require('socket.io/package.json').version} listening on http://${host}:${port}`);
});

// Stop cleanly when the runner says so.
for (const sig of ['SIGINT', 'SIGTERM']) {
  process.on(sig, () => {
    io.close();
    process.exit(0);
  });
}
