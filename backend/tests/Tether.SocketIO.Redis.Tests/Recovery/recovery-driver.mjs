// One unmodified npm socket.io-client socket, driven by the .NET tests (Infrastructure/RecoveryClient.cs) to test
// connection state recovery across the servers of a Redis cluster.
//
// socket.io-client comes from backend/tests/crosslang-cluster/node_modules (CLUSTER_DIR, set by the tests).
// Protocol: one JSON command per line on stdin, one JSON report per line on stdout. Every command may carry "id"; its
// outcome is reported as {"type":"result","id",value} or {"type":"error","id",message}.
//   {"op":"connect","url","nsp",[auth]}     io(url + nsp) over WebSocket without automatic reconnection -> value = id
//   {"op":"emit","event","args"}            socket.emit(event, ...args)
//   {"op":"emitWithAck","event","args"}     socket.timeout(5000).emitWithAck(event, ...args) -> value = reply
//   {"op":"drop"}                           closes the transport from the client side (not a DISCONNECT packet)
//   {"op":"reconnect","url"}                points the Manager at url and reconnects: the client sends its saved pid and
//                                           offset in the CONNECT auth, exactly as its own reconnection would
//   {"op":"state"}                          value = {id, pid, offset, recovered, connected}
//   {"op":"exit"}
// Reports: {"type":"connect",id,recovered}, {"type":"connect_error",message}, {"type":"disconnect",reason},
//   {"type":"event",event,args} (in arrival order; a recovery offset is simply the last argument).

import { createRequire } from "node:module";
import { createInterface } from "node:readline";
import path from "node:path";

const clusterDir = process.env.CLUSTER_DIR;
const { io } = createRequire(path.join(clusterDir, "package.json"))("socket.io-client");

const report = (obj) => process.stdout.write(JSON.stringify(obj) + "\n");
let socket;

function connect(cmd) {
  return new Promise((resolve, reject) => {
    socket = io(cmd.url + (cmd.nsp ?? "/"), {
      auth: cmd.auth ?? {},
      transports: ["websocket"],
      reconnection: false,
      forceNew: true,
    });
    socket.on("connect", () => {
      report({ type: "connect", id: socket.id, recovered: socket.recovered === true });
      resolve(socket.id);
    });
    socket.on("connect_error", (err) => {
      report({ type: "connect_error", message: err.message });
      reject(err);
    });
    socket.on("disconnect", (reason) => report({ type: "disconnect", reason }));
    socket.onAny((event, ...args) => report({ type: "event", event, args }));
  });
}

function reconnect(cmd) {
  return new Promise((resolve, reject) => {
    const onConnect = () => {
      socket.off("connect_error", onError);
      resolve(socket.id);
    };
    const onError = (err) => {
      socket.off("connect", onConnect);
      reject(err);
    };
    socket.once("connect", onConnect);
    socket.once("connect_error", onError);
    // The Manager builds each new Engine.IO connection from its uri.
    socket.io.uri = cmd.url;
    socket.connect();
  });
}

async function run(cmd) {
  switch (cmd.op) {
    case "connect":
      return await connect(cmd);
    case "emit":
      socket.emit(cmd.event, ...(cmd.args ?? []));
      return true;
    case "emitWithAck":
      return await socket.timeout(5000).emitWithAck(cmd.event, ...(cmd.args ?? []));
    case "drop":
      socket.io.engine.close();
      return true;
    case "reconnect":
      return await reconnect(cmd);
    case "state":
      return { id: socket.id ?? null, pid: socket._pid ?? null, offset: socket._lastOffset ?? null, recovered: socket.recovered === true, connected: socket.connected };
    case "exit":
      socket?.close();
      setTimeout(() => process.exit(0), 50);
      return true;
    default:
      throw new Error(`unknown op ${cmd.op}`);
  }
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
    report({ type: "error", id: cmd.id ?? null, message: String(err?.message ?? err) });
  }
});
