import { useEffect, useRef, useState } from 'react';
import { isLocalOnly } from '../lib/collections';
import logger from '../utils/logger';

/**
 * A server list kept live by socket events, each applied through a pure reducer `(list, payload) => list`.
 *
 * Fetched on mount and again on every (re)connect: the socket only receives a room's events once it is in
 * the room, so anything emitted between the first fetch and the join, or while disconnected, would
 * otherwise be missing. Events that arrive while a fetch is in flight are replayed over its result, so a
 * stale snapshot never hides them. Items that exist only on this client survive a refetch.
 *
 * Reducers must be idempotent (a replayed event changes nothing the second time), and `load` and
 * `reducers` stable (module constants, useCallback/useMemo): they key the effects.
 */
export default function useLiveCollection({ name, socket, isConnected, load, reducers }) {
  const [items, setItems] = useState([]);
  const [status, setStatus] = useState('loading');
  const journal = useRef(null);
  const loaded = useRef(false);

  useEffect(() => {
    if (loaded.current && !isConnected) return;
    let cancelled = false;
    const pending = [];
    journal.current = pending;
    load()
      .then((fetched) => {
        if (cancelled) return;
        loaded.current = true;
        setItems((prev) =>
          pending.reduce((list, [event, payload]) => reducers[event](list, payload), [
            ...fetched,
            ...prev.filter(isLocalOnly),
          ]),
        );
        setStatus('ready');
        logger.info(`[${name}] Loaded`, { count: fetched.length, replayed: pending.length });
      })
      .catch((error) => {
        if (cancelled) return;
        setStatus('error');
        logger.error(`[${name}] Fetch failed`, { error: error.message });
      })
      .finally(() => {
        if (journal.current === pending) journal.current = null;
      });
    return () => {
      cancelled = true;
    };
  }, [name, load, reducers, isConnected]);

  // Registered as soon as the socket exists, before it connects (child effects run before the
  // provider's connect()), so nothing sent right after the handshake is missed. One effect, cleaned up
  // fully, so a re-render never leaves a second listener behind to count an event twice.
  useEffect(() => {
    if (!socket) return undefined;
    const listeners = Object.keys(reducers).map((event) => {
      const listener = (payload) => {
        logger.info(`[${name}] Event via socket`, { event, id: payload?._id });
        journal.current?.push([event, payload]);
        setItems((prev) => reducers[event](prev, payload));
      };
      socket.on(event, listener);
      return [event, listener];
    });
    logger.info(`[${name}] Set up socket listeners`, { events: Object.keys(reducers) });
    return () => {
      listeners.forEach(([event, listener]) => socket.off(event, listener));
      logger.info(`[${name}] Cleaned up socket listeners`);
    };
  }, [name, socket, reducers]);

  return { items, setItems, status };
}
