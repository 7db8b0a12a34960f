// A Node.js member of a mixed Socket.IO cluster, driven by the .NET tests
// (Tether.SocketIO.Redis.Tests/Infrastructure/NodeMember.cs).
//
// It runs an unmodified socket.io 4.8 server with @socket.io/redis-adapter on 127.0.0.1 (free port), plus any number
// of socket.io-client sockets (to this server or to a Tether server), plus an @socket.io/redis-emitter.
//
// Environment: REDIS_URL (redis://127.0.0.1:port), KEY (channel prefix), REQUESTS_TIMEOUT_MS (default 5000).
//
// Protocol: one JSON command per line on stdin, one JSON report per line on stdout (diagnostics on stderr). Bytes
// cross the pipe as {"$bin":"<base64>"} both ways. Every command may carry "id"; its outcome is reported as
// {"type":"result","id",value} or {"type":"error","id",message}.
//   {"op":"emit","event","args",[to],[except],[nsp]}             io.to(..).except(..).emit(event, ...args)
//   {"op":"emitWithAck","event","args",timeoutMs,[to]}         io.timeout(ms).emitWithAck -> value = replies
//   {"op":"fetchSockets",[to]}                                 value = [{id, rooms, data}]
//   {"op":"socketsJoin"|"socketsLeave",[to],"rooms"}           io.in(to).socketsJoin(rooms)
//   {"op":"disconnectSockets",[to],close}
//   {"op":"serverSideEmit","event","args",[ack]}               value = replies when ack (REQUESTS_TIMEOUT_MS)
//   {"op":"serverCount"}                                       value = adapter.serverCount()
//   {"op":"emitterEmit","event","args",[to],[except]}         through @socket.io/redis-emitter
//   {"op":"connect","client","url",[auth],[transports]}       a socket.io-client socket; reports connect/event/disconnect
//   {"op":"clientEmit","client","event","args"}
//   {"op":"clientDisconnect","client"}
//   {"op":"exit"}
// Reports: {"type":"ready",port}, {"type":"connection",sid,auth}, {"type":"join",sid,room} (socket asked to join),
//   {"type":"serverSideEmit",event,args}, {"type":"connect",client,sid}, {"type":"connect_error",client,message},
//   {"type":"event",client,event,args}, {"type":"disconnect",client,reason}.
// Server-side: a socket joins the rooms listed in auth.rooms, its data is {name: auth.name, runtime: "node"}, and
// server-side emits with an ack are answered with {from: "node", args}. Clients acknowledge every event that asks
// with {client, event}.

import { createServer } from "node:http";
import { createInterface } from "node:readline";
import { Server } from "socket.io";
import { createAdapter } from "@socket.io/redis-adapter";
import { Emitter } from "@socket.io/redis-emitter";
import { createClient } from "redis";
import { io as connectClient } from "socket.io-client";

const redisUrl = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";
const key = process.env.KEY ?? "socket.io";
const requestsTimeout = Number(process.env.REQUESTS_TIMEOUT_MS ?? 5000);

const report = (obj) => process.stdout.write(JSON.stringify(toWire(obj)) + "\n");

function toWire(value) {
  if (Buffer.isBuffer(value)) return { $bin: value.toString("base64") };
  if (value instanceof ArrayBuffer) return { $bin: Buffer.from(value).toString("base64") };
  if (ArrayBuffer.isView(value)) return { $bin: Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString("base64") };
  if (Array.isArray(value)) return value.map(toWire);
  if (value instanceof Set) return [...value].map(toWire);
  if (value !== null && typeof value === "object") return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, toWire(v)]));
  return value;
}

function fromWire(value) {
  if (Array.isArray(value)) return value.map(fromWire);
  if (value !== null && typeof value === "object") {
    if (typeof value.$bin === "string" && Object.keys(value).length === 1) return Buffer.from(value.$bin, "base64");
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, fromWire(v)]));
  }
  return value;
}

const pub = createClient({ url: redisUrl });
const sub = pub.duplicate();
const emitterClient = pub.duplicate();
for (const client of [pub, sub, emitterClient]) client.on("error", (err) => console.error("redis:", err.message));
await Promise.all([pub.connect(), sub.connect(), emitterClient.connect()]);

const httpServer = createServer();
const io = new Server(httpServer, { adapter: createAdapter(pub, sub, { key, requestsTimeout }) });
const emitter = new Emitter(emitterClient, { key });

io.on("connection", (socket) => {
  const auth = socket.handshake.auth ?? {};
  socket.data = { name: auth.name ?? null, runtime: "node" };
  for (const room of auth.rooms ?? []) socket.join(room);
  socket.on("join", (room) => {
    socket.join(room);
    report({ type: "join", sid: socket.id, room });
  });
  report({ type: "connection", sid: socket.id, auth });
});

const sseListener = (event) => (...args) => {
  const ack = typeof args[args.length - 1] === "function" ? args.pop() : null;
  report({ type: "serverSideEmit", event, args });
  if (ack) ack({ from: "node", args });
};
for (const event of ["sse", "sse-ack"]) io.on(event, sseListener(event));

const clients = new Map();

function target(cmd) {
  let op = io.of(cmd.nsp ?? "/");
  if (cmd.to) op = op.to(cmd.to);
  if (cmd.except) op = op.except(cmd.except);
  return op;
}

async function run(cmd) {
  const args = fromWire(cmd.args ?? []);
  switch (cmd.op) {
    case "emit":
      target(cmd).emit(cmd.event, ...args);
      return true;
    case "emitWithAck":
      return await target(cmd).timeout(cmd.timeoutMs ?? 5000).emitWithAck(cmd.event, ...args);
    case "fetchSockets":
      return (await target(cmd).fetchSockets()).map((s) => ({ id: s.id, rooms: [...s.rooms], data: s.data }));
    case "socketsJoin":
      target(cmd).socketsJoin(cmd.rooms);
      return true;
    case "socketsLeave":
      target(cmd).socketsLeave(cmd.rooms);
      return true;
    case "disconnectSockets":
      target(cmd).disconnectSockets(!!cmd.close);
      return true;
    case "serverSideEmit":
      if (!cmd.ack) {
        io.serverSideEmit(cmd.event, ...args);
        return true;
      }
      // The adapter's requestsTimeout bounds the wait.
      return await io.serverSideEmitWithAck(cmd.event, ...args);
    case "serverCount":
      return await io.of(cmd.nsp ?? "/").adapter.serverCount();
    case "emitterEmit": {
      let op = emitter.of(cmd.nsp ?? "/");
      if (cmd.to) op = op.to(cmd.to);
      if (cmd.except) op = op.except(cmd.except);
      op.emit(cmd.event, ...args);
      return true;
    }
    case "connect":
      return await connect(cmd);
    case "clientEmit":
      clients.get(cmd.client).emit(cmd.event, ...args);
      return true;
    case "clientDisconnect":
      clients.get(cmd.client)?.disconnect();
      return true;
    case "exit":
      shutdown();
      return true;
    default:
      throw new Error(`unknown op ${cmd.op}`);
  }
}

function connect(cmd) {
  return new Promise((resolve, reject) => {
    const socket = connectClient(cmd.url, {
      auth: cmd.auth ?? {},
      transports: cmd.transports ?? ["websocket"],
      reconnection: false,
      forceNew: true,
    });
    clients.set(cmd.client, socket);
    socket.on("connect", () => {
      report({ type: "connect", client: cmd.client, sid: socket.id });
      resolve(socket.id);
    });
    socket.on("connect_error", (err) => {
      report({ type: "connect_error", client: cmd.client, message: err.message });
      reject(err);
    });
    socket.on("disconnect", (reason) => report({ type: "disconnect", client: cmd.client, reason }));
    socket.onAny((event, ...args) => {
      const ack = typeof args[args.length - 1] === "function" ? args.pop() : null;
      report({ type: "event", client: cmd.client, event, args });
      if (ack) ack({ client: cmd.client, event });
    });
  });
}

let closing = false;
function shutdown() {
  if (closing) return;
  closing = true;
  for (const socket of clients.values()) socket.disconnect();
  io.close();
  Promise.allSettled([pub.quit(), sub.quit(), emitterClient.quit()]).finally(() => process.exit(0));
  setTimeout(() => process.exit(0), 2000).unref();
}

createInterface({ input: process.stdin }).on("line", async (line) => {
  if (!line.trim()) return;
  let cmd;
  try {
    cmd = JSON.parse(line);
  } catch (err) {
    report({ type: "error", id: null, message: `bad command: ${err.message}` });
    return;
  }
  try {
    const value = await run(cmd);
    report({ type: "result", id: cmd.id ?? null, value: value ?? null });
  } catch (err) {
    report({ type: "error", id: cmd.id ?? null, message: err?.message ?? String(err) });
  }
}).on("close", shutdown);

// Never outlive a crashed test run.
setTimeout(shutdown, Number(process.env.MAX_MS ?? 300000)).unref();

httpServer.listen(0, "127.0.0.1", () => report({ type: "ready", port: httpServer.address().port }));
