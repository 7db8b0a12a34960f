import { vi } from 'vitest';

/**
 * Stands in for a socket.io-client Socket: records what the app emits and lets a test play the server
 * with `serverEmit`. `connect()` reports `connect` at once, as a reachable server would.
 */
export function createFakeSocket({ id = 'socket-self' } = {}) {
  const listeners = new Map();
  const socket = {
    id,
    connected: false,
    // What `chat-message` acks with; tests replace it.
    ackReply: vi.fn(async () => ({ ok: false, error: 'no ack configured' })),
    on: vi.fn((event, listener) => {
      if (!listeners.has(event)) listeners.set(event, new Set());
      listeners.get(event).add(listener);
      return socket;
    }),
    off: vi.fn((event, listener) => {
      listeners.get(event)?.delete(listener);
      return socket;
    }),
    emit: vi.fn(() => socket),
    timeout: vi.fn(() => ({ emitWithAck: (event, payload) => socket.ackReply(event, payload) })),
    connect: vi.fn(() => {
      socket.connected = true;
      socket.serverEmit('connect');
      return socket;
    }),
    disconnect: vi.fn(() => {
      if (socket.connected) {
        socket.connected = false;
        socket.serverEmit('disconnect', 'io client disconnect');
      }
      return socket;
    }),
    serverEmit(event, ...args) {
      [...(listeners.get(event) ?? [])].forEach((listener) => listener(...args));
    },
    listenerCount: (event) => listeners.get(event)?.size ?? 0,
  };
  return socket;
}
