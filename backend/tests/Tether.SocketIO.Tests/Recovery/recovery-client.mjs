// Connection state recovery with the unmodified npm socket.io-client, run by RealClientRecoveryTests.cs.
//
// Usage: node recovery-client.mjs <baseUrl> <polling|websocket>
// socket.io-client comes from ../../crosslang/node_modules (CI runs `npm ci` there; TETHER_CROSSLANG_DIR overrides).
// Prints one JSON line with what happened and exits 0 when every expectation held, 1 otherwise.
//
// Scenario (the server side is set up by the test): join room "r1" (the server replies with news 0, which gives the
// client an offset), ask the server to drop our transport ("kick": an Engine.IO close, not a DISCONNECT packet), let
// the client's own reconnection logic reconnect while the server emits news 1..5 to the room, then expect
// socket.recovered, the same id, the room and data back, and news 1..6 exactly once each, in order.

import { createRequire } from "node:module";
import { pathToFileURL } from "node:url";
import path from "node:path";

const crosslang = process.env.TETHER_CROSSLANG_DIR
  ? pathToFileURL(path.join(process.env.TETHER_CROSSLANG_DIR, "package.json"))
  : new URL("../../crosslang/package.json", import.meta.url);
const { io } = createRequire(crosslang)("socket.io-client");

const [url, transport] = process.argv.slice(2);
const result = { transport, news: [], connects: [], errors: [] };
const deadline = setTimeout(() => finish("timed out"), 15000);

function finish(error) {
  clearTimeout(deadline);
  if (error) result.errors.push(error);
  process.stdout.write(JSON.stringify(result) + "\n");
  socket.close();
  process.exit(result.errors.length ? 1 : 0);
}

const socket = io(url + "/video", {
  transports: [transport],
  reconnectionDelay: 300,
  reconnectionDelayMax: 300,
  randomizationFactor: 0,
});

let firstId;
socket.on("connect", async () => {
  result.connects.push({ id: socket.id, recovered: socket.recovered });
  try {
    if (!firstId) {
      firstId = socket.id;
      await socket.timeout(5000).emitWithAck("join", "r1", "ann");
      return;
    }
    // Reconnected: everything must be back.
    if (socket.recovered !== true) return finish("not recovered");
    if (socket.id !== firstId) return finish(`id changed: ${firstId} -> ${socket.id}`);
    const who = await socket.timeout(5000).emitWithAck("whoami");
    result.whoami = who;
    if (who.name !== "ann" || !who.rooms.includes("r1") || who.recovered !== true) return finish("state not restored");
    // A new packet after the replay.
    await socket.timeout(5000).emitWithAck("more", "r1", 6);
  } catch (e) {
    finish(String(e));
  }
});

socket.on("news", (n, offset) => {
  result.news.push(n);
  if (typeof offset !== "string") result.errors.push(`news ${n} without offset`);
  if (n === 0 && result.connects.length === 1) socket.emit("kick");
  if (n === 6) {
    const expected = [0, 1, 2, 3, 4, 5, 6];
    finish(JSON.stringify(result.news) === JSON.stringify(expected) ? undefined : `news ${JSON.stringify(result.news)}`);
  }
});

socket.on("disconnect", (reason) => {
  result.disconnect = reason;
  // An Engine.IO close is reconnectable; a DISCONNECT packet ("io server disconnect") would not be.
  if (reason === "io server disconnect") finish("kicked for good");
});
socket.on("connect_error", (e) => result.errors.push("connect_error " + e.message));
