// A long-lived driver for the unmodified npm socket.io-client, used by the .NET integration tests
// (Tether.SocketIO.AspNetCore.Tests/Infrastructure/NodeDriver.cs).
//
// Protocol: one JSON command per line on stdin, one JSON report per line on stdout. Nothing else is printed on
// stdout (diagnostics go to stderr), so the test can parse every stdout line.
//
// Binary data cannot travel in JSON, so bytes cross the pipe as {"$bin":"<base64>"} in both directions: the
// driver turns such objects into Buffers before emitting and turns received binary back into them.
//
// Commands (field "client" names a socket; "manager" optionally shares one Engine.IO connection between sockets):
//   {"op":"connect","client":"a","url":"http://127.0.0.1:1234","nsp":"/","transports":["polling"],
//    "upgrade":true,"auth":{...},"manager":"m1"}
//   {"op":"emit","client":"a","event":"x","args":[...],"ack":true,"timeoutMs":5000,"req":"r1","volatile":false}
//   {"op":"ackReply","client":"a","event":"x","reply":[...]}   how to answer the server's acks for event x
//                                                               (default: echo the received arguments)
//   {"op":"ackReply","client":"a","event":"x","ignore":true}   never answer them (ack timeout tests)
//   {"op":"disconnect","client":"a"}
//   {"op":"stopPong","client":"a"}      stop answering the server's pings (heartbeat timeout test)
//   {"op":"rawWrite","client":"a","data":"42{"}   write a raw Engine.IO message, bypassing the Socket.IO encoder
//   {"op":"exit"}
// Reports: {"type":"ready"}, {"type":"connect",client,sid,transport}, {"type":"connect_error",client,message,data},
//   {"type":"disconnect",client,reason,description}, {"type":"event",client,event,args,hasAck},
//   {"type":"acked",client,event,args} (we answered a server ack), {"type":"ack",client,req,args},
//   {"type":"ack_error",client,req,message}, {"type":"open"|"upgrade"|"close",manager,transport},
//   {"type":"done",req} (a command finished), {"type":"driver_error",message,command}.

import { io, Manager } from "socket.io-client";
import { createInterface } from "node:readline";
import { createRequire } from "node:module";

const clientVersion = createRequire(import.meta.url)("socket.io-client/package.json").version;

const clients = new Map(); // client name -> Socket
const managers = new Map(); // manager name -> Manager
const ackReplies = new Map(); // "client|event" -> reply args (wire form), or IGNORE
const IGNORE = Symbol("ignore");

function report(obj) {
  process.stdout.write(JSON.stringify(obj) + "\n");
}

function toWire(value) {
  if (Buffer.isBuffer(value)) return { $bin: value.toString("base64") };
  if (value instanceof ArrayBuffer) return { $bin: Buffer.from(value).toString("base64") };
  if (ArrayBuffer.isView(value)) {
    return { $bin: Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString("base64") };
  }
  if (Array.isArray(value)) return value.map(toWire);
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, toWire(v)]));
  }
  return value;
}

function fromWire(value) {
  if (Array.isArray(value)) return value.map(fromWire);
  if (value !== null && typeof value === "object") {
    const keys = Object.keys(value);
    if (keys.length === 1 && keys[0] === "$bin") return Buffer.from(value.$bin, "base64");
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, fromWire(v)]));
  }
  return value;
}

function socketOf(cmd) {
  const socket = clients.get(cmd.client);
  if (!socket) throw new Error(`unknown client ${cmd.client}`);
  return socket;
}

// Reports the Engine.IO connection's life (open, upgrade, close) once per manager.
function watchManager(name, manager) {
  manager.on("open", () => {
    const engine = manager.engine;
    report({ type: "open", manager: name, transport: engine.transport.name });
    engine.on("upgrade", (transport) => report({ type: "upgrade", manager: name, transport: transport.name }));
  });
  manager.on("close", (reason) => report({ type: "close", manager: name, reason }));
}

function managerFor(cmd) {
  const name = cmd.manager ?? cmd.client;
  let manager = managers.get(name);
  if (!manager) {
    manager = new Manager(cmd.url, {
      transports: cmd.transports ?? ["polling", "websocket"],
      upgrade: cmd.upgrade ?? true,
      // A test decides itself when to reconnect: automatic retries would hide failures and outlive the test.
      reconnection: false,
      // Sockets connect when told (connect() below); with autoConnect a socket created on an already open
      // Manager would send its CONNECT twice, which a server rightly answers by closing the connection.
      autoConnect: false,
      timeout: cmd.timeoutMs ?? 10000,
      path: cmd.path ?? "/socket.io/",
    });
    managers.set(name, manager);
    watchManager(name, manager);
  }
  return manager;
}

function connect(cmd) {
  if (clients.has(cmd.client)) throw new Error(`client ${cmd.client} exists`);
  const client = cmd.client;
  const socket = managerFor(cmd).socket(cmd.nsp ?? "/", cmd.auth === undefined ? {} : { auth: cmd.auth });
  clients.set(client, socket);

  socket.on("connect", () =>
    report({ type: "connect", client, sid: socket.id, transport: socket.io.engine.transport.name }),
  );
  socket.on("connect_error", (err) =>
    report({ type: "connect_error", client, message: err.message, data: toWire(err.data ?? null) }),
  );
  socket.on("disconnect", (reason, details) =>
    report({ type: "disconnect", client, reason, description: details?.description?.message ?? null }),
  );
  socket.onAny((event, ...args) => {
    const ack = typeof args.at(-1) === "function" ? args.pop() : null;
    report({ type: "event", client, event, args: toWire(args), hasAck: ack !== null });
    const key = `${client}|${event}`;
    if (ack && ackReplies.get(key) === IGNORE) {
      report({ type: "ack_ignored", client, event });
    } else if (ack) {
      const reply = ackReplies.has(key) ? fromWire(ackReplies.get(key)) : args;
      ack(...reply);
      report({ type: "acked", client, event, args: toWire(reply) });
    }
  });
  socket.connect();
}

function emit(cmd) {
  const socket = socketOf(cmd);
  const target = cmd.volatile ? socket.volatile : socket;
  const args = fromWire(cmd.args ?? []);
  if (cmd.ack) {
    target.timeout(cmd.timeoutMs ?? 5000).emit(cmd.event, ...args, (err, ...reply) => {
      if (err) report({ type: "ack_error", client: cmd.client, req: cmd.req ?? null, message: err.message });
      else report({ type: "ack", client: cmd.client, req: cmd.req ?? null, args: toWire(reply) });
    });
  } else {
    target.emit(cmd.event, ...args);
  }
}

// engine.io-client answers a ping from inside _onPacket via _sendPacket("pong"); dropping that one call makes
// the client look dead to the server while it keeps receiving everything else.
function stopPong(cmd) {
  const engine = socketOf(cmd).io.engine;
  const send = engine._sendPacket.bind(engine);
  engine._sendPacket = (type, ...rest) => (type === "pong" ? undefined : send(type, ...rest));
}

function handle(cmd) {
  switch (cmd.op) {
    case "connect":
      return connect(cmd);
    case "emit":
      return emit(cmd);
    case "ackReply":
      ackReplies.set(`${cmd.client}|${cmd.event}`, cmd.ignore ? IGNORE : cmd.reply ?? []);
      return;
    case "disconnect":
      socketOf(cmd).disconnect();
      return;
    case "stopPong":
      return stopPong(cmd);
    case "rawWrite":
      socketOf(cmd).io.engine.write(cmd.data);
      return;
    case "exit":
      return shutdown(0);
    default:
      throw new Error(`unknown op ${cmd.op}`);
  }
}

function shutdown(code) {
  for (const socket of clients.values()) socket.disconnect();
  for (const manager of managers.values()) manager.engine?.close();
  // Let stdout drain before leaving.
  process.stdout.write("", () => process.exit(code));
}

report({ type: "ready", version: clientVersion });

const lines = createInterface({ input: process.stdin });
lines.on("line", (line) => {
  if (!line.trim()) return;
  let cmd;
  try {
    cmd = JSON.parse(line);
    handle(cmd);
    if (cmd.req !== undefined && cmd.op !== "emit") report({ type: "done", req: cmd.req });
  } catch (err) {
    report({ type: "driver_error", message: String(err?.stack ?? err), command: line });
  }
});
// The test process owns us: when it goes away (stdin closes), so do we.
lines.on("close", () => shutdown(0));

// Never outlive a hung test run, whatever happens to the parent.
const maxMs = Number(process.env.TETHER_DRIVER_MAX_MS ?? 300000);
setTimeout(() => {
  report({ type: "driver_error", message: `driver exceeded ${maxMs} ms, exiting` });
  shutdown(3);
}, maxMs).unref();

process.on("uncaughtException", (err) => report({ type: "driver_error", message: String(err?.stack ?? err) }));

