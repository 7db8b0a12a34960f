// The unmodified npm socket.io-client for the VideoConf recovery tests (Infrastructure/NodeClient.cs), with what the
// shared harness (../../crosslang/driver.mjs) lacks: dropping the transport and reconnecting the SAME socket, so the
// client offers its pid and offset and reports whether it was recovered. It uses the harness's node_modules.
//
// Commands (one JSON per line on stdin): connect {client,url,nsp,auth,transports}, emit {client,event,args,ack,req},
// drop {client} (closes the Engine.IO connection under the socket: the server sees "transport close"),
// reconnect {client} (socket.connect() again on the same socket), disconnect {client}, exit.
// Reports (one JSON per line on stdout): ready, connect {client,sid,recovered,n}, connect_error {client,message,data},
// disconnect {client,reason}, event {client,event,args,n} (n: the connection's number), ack {client,req,args}.

import { createRequire } from "node:module";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { dirname, join } from "node:path";

const harness = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "crosslang", "package.json");
const { Manager } = createRequire(harness)("socket.io-client");

const clients = new Map(); // name -> { socket, n }

function report(obj) {
  process.stdout.write(JSON.stringify(obj) + "\n");
}

function entry(cmd) {
  const e = clients.get(cmd.client);
  if (!e) throw new Error(`unknown client ${cmd.client}`);
  return e;
}

function connect(cmd) {
  if (clients.has(cmd.client)) throw new Error(`client ${cmd.client} exists`);
  const client = cmd.client;
  const manager = new Manager(cmd.url, {
    transports: cmd.transports ?? ["websocket"],
    reconnection: false, // the test reconnects when it wants to
    autoConnect: false,
    timeout: 10000,
  });
  const socket = manager.socket(cmd.nsp ?? "/", { auth: cmd.auth ?? {} });
  const e = { socket, n: 0 };
  clients.set(client, e);
  socket.on("connect", () => {
    e.n++;
    report({ type: "connect", client, sid: socket.id, recovered: socket.recovered === true, n: e.n });
  });
  socket.on("connect_error", (err) => report({ type: "connect_error", client, message: err.message, data: err.data ?? null }));
  socket.on("disconnect", (reason) => report({ type: "disconnect", client, reason }));
  socket.onAny((event, ...args) => report({ type: "event", client, event, args, n: e.n }));
  socket.connect();
}

function handle(cmd) {
  switch (cmd.op) {
    case "connect":
      return connect(cmd);
    case "emit": {
      const { socket } = entry(cmd);
      if (cmd.ack) {
        socket.timeout(5000).emit(cmd.event, ...(cmd.args ?? []), (err, ...reply) =>
          report(err ? { type: "ack_error", client: cmd.client, req: cmd.req, message: err.message } : { type: "ack", client: cmd.client, req: cmd.req, args: reply }),
        );
      } else {
        socket.emit(cmd.event, ...(cmd.args ?? []));
      }
      return;
    }
    case "drop":
      return entry(cmd).socket.io.engine.close();
    case "reconnect":
      return entry(cmd).socket.connect();
    case "disconnect":
      return entry(cmd).socket.disconnect();
    case "exit":
      return shutdown(0);
    default:
      throw new Error(`unknown op ${cmd.op}`);
  }
}

function shutdown(code) {
  for (const { socket } of clients.values()) socket.disconnect();
  process.stdout.write("", () => process.exit(code));
}

report({ type: "ready" });
const lines = createInterface({ input: process.stdin });
lines.on("line", (line) => {
  if (!line.trim()) return;
  try {
    handle(JSON.parse(line));
  } catch (err) {
    report({ type: "driver_error", message: String(err?.stack ?? err), command: line });
  }
});
lines.on("close", () => shutdown(0));
setTimeout(() => shutdown(3), Number(process.env.TETHER_DRIVER_MAX_MS ?? 300000)).unref();
process.on("uncaughtException", (err) => report({ type: "driver_error", message: String(err?.stack ?? err) }));
