// The ceiling on the Node side: a bare WebSocket echo on the same `ws` version socket.io's engine.io uses. It
// sends each text message back unchanged; no Engine.IO or Socket.IO framing, parsing or acks. No Socket.IO server
// can do less work per message than this on the same runtime.
'use strict';

const http = require('node:http');
const { WebSocketServer } = require('ws');

const i = process.argv.indexOf('--port');
const port = Number(i > 0 ? process.argv[i + 1] : process.env.PORT ?? 3002);

const server = http.createServer((req, res) => {
  if (req.url === '/bench/health') {
    const body = JSON.stringify({ ok: true, clients: wss.clients.size, pid: process.pid });
    res.writeHead(200, { 'content-type': 'application/json' });
    return res.end(body);
  }
  res.writeHead(404);
  res.end();
});

// perMessageDeflate off: socket.io's default is off too, and compression is not what is measured.
const wss = new WebSocketServer({ server, path: '/ws', perMessageDeflate: false });
wss.on('connection', (ws) => {
  ws.on('message', (data, isBinary) => ws.send(data, { binary: isBinary }));
});

server.listen(port, '127.0.0.1', () => console.log(`node ws echo listening on http://127.0.0.1:${port}`));
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => process.exit(0));
