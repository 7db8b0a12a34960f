import { useCallback, useEffect, useRef, useState } from 'react';
import api from '../lib/api';
import { CHAT_PAGE_SIZE, gapRequest, insertMessage, mergeMessages, oldestSeq, seqGaps } from '../lib/chat';
import logger from '../utils/logger';

// The seqs of a hole [from, to] that are neither being fetched nor given up on, as maximal ranges,
// newest first.
function openRanges([from, to], inflight, givenUp) {
  const busy = (seq) => givenUp.has(seq) || inflight.some(([lo, hi]) => seq >= lo && seq <= hi);
  const ranges = [];
  let end = null;
  for (let seq = to; seq >= from - 1; seq--) {
    const open = seq >= from && !busy(seq);
    if (open && end === null) end = seq;
    if (!open && end !== null) {
      ranges.push([seq + 1, end]);
      end = null;
    }
  }
  return ranges;
}

/**
 * The session's chat transcript, in `seq` order, never with a message twice and, as far as the server
 * can tell us, never with one missing:
 * - the latest page on mount and again on every (re)connect, merged in (never replacing what we hold,
 *   so earlier pages and our optimistic and system items survive a reconnect);
 * - `chat-message-added` merged in as it arrives;
 * - any hole in the numbers (a broadcast missed while disconnected, more messages during an outage than
 *   the latest page holds) fetched with `before`/`limit`, a page at a time, until it is closed;
 * - `loadEarlier()` pages back from the oldest message held; `hasMore` turns false once a page comes
 *   back short (or we reach seq 1).
 * `reducers` adds handlers for other events `(list, payload) => list` (join/leave lines); like every
 * reducer here they must be idempotent, and the object stable.
 */
export default function useChatHistory({ sessionId, socket, isConnected, reducers }) {
  const [messages, setMessages] = useState([]);
  // null until a page has told us whether anything older exists.
  const [hasMore, setHasMore] = useState(null);
  const [loadingEarlier, setLoadingEarlier] = useState(false);
  const [status, setStatus] = useState('loading');
  const [connectCount, setConnectCount] = useState(0);
  const loaded = useRef(false);
  const current = useRef(messages);
  // Holes being fetched ([from, to]) and seqs asked for but not returned; the latter are tried again
  // after the next (re)connect, not in a loop.
  const inflight = useRef([]);
  const givenUp = useRef(new Set());

  useEffect(() => {
    current.current = messages;
  }, [messages]);

  const fetchPage = useCallback(
    (params) =>
      api.get(`/api/sessions/${sessionId}/messages`, { params }).then((r) => (Array.isArray(r.data) ? r.data : [])),
    [sessionId],
  );

  // Latest page: on mount, then on every (re)connect, since broadcasts sent while we were away are lost.
  useEffect(() => {
    if (loaded.current && !isConnected) return;
    if (isConnected) {
      givenUp.current.clear();
      setConnectCount((n) => n + 1);
    }
    fetchPage({ limit: CHAT_PAGE_SIZE })
      .then((page) => {
        loaded.current = true;
        setMessages((prev) => mergeMessages(prev, page));
        setHasMore((prev) => (page.length < CHAT_PAGE_SIZE ? false : (prev ?? true)));
        setStatus('ready');
        logger.info('[ChatPanel] Loaded latest messages', { sessionId, count: page.length });
      })
      .catch((error) => {
        setStatus((prev) => (prev === 'ready' ? prev : 'error'));
        logger.error('[ChatPanel] Fetch failed', { sessionId, error: error.message });
      });
  }, [fetchPage, isConnected, sessionId]);

  // Registered as soon as the socket exists, before it connects, so nothing sent right after the
  // handshake is missed; one effect, cleaned up fully, so no second listener ever doubles an event.
  useEffect(() => {
    if (!socket) return undefined;
    const handlers = {
      ...reducers,
      'chat-message-added': insertMessage,
    };
    const listeners = Object.entries(handlers).map(([event, reduce]) => {
      const listener = (payload) => {
        logger.info('[ChatPanel] Event via socket', { event, id: payload?._id, seq: payload?.seq });
        setMessages((prev) => reduce(prev, payload));
      };
      socket.on(event, listener);
      return [event, listener];
    });
    return () => listeners.forEach(([event, listener]) => socket.off(event, listener));
  }, [socket, reducers]);

  // Close every hole in the numbers; each landing page re-runs this for what is still missing.
  useEffect(() => {
    for (const gap of seqGaps(messages)) {
      for (const range of openRanges(gap, inflight.current, givenUp.current)) {
        const { before, limit } = gapRequest(range);
        const requested = [before - limit, before - 1];
        inflight.current.push(requested);
        const done = () => {
          inflight.current = inflight.current.filter((r) => r !== requested);
        };
        logger.warn('[ChatPanel] Missing messages, fetching them', { sessionId, from: requested[0], to: requested[1] });
        fetchPage({ before, limit })
          .then((page) => {
            done();
            const got = new Set(page.map((m) => m.seq));
            for (let seq = requested[0]; seq <= requested[1]; seq++) if (!got.has(seq)) givenUp.current.add(seq);
            setMessages((prev) => mergeMessages(prev, page));
          })
          .catch((error) => {
            done();
            for (let seq = requested[0]; seq <= requested[1]; seq++) givenUp.current.add(seq);
            logger.error('[ChatPanel] Could not fetch missing messages', { sessionId, error: error.message });
          });
      }
    }
  }, [messages, fetchPage, sessionId, connectCount]);

  const loadEarlier = useCallback(async () => {
    const before = oldestSeq(current.current);
    if (before === null) return [];
    setLoadingEarlier(true);
    try {
      const page = await fetchPage({ before, limit: CHAT_PAGE_SIZE });
      setMessages((prev) => mergeMessages(prev, page));
      setHasMore(page.length >= CHAT_PAGE_SIZE);
      logger.info('[ChatPanel] Loaded earlier messages', { sessionId, before, count: page.length });
      return page;
    } finally {
      setLoadingEarlier(false);
    }
  }, [fetchPage, sessionId]);

  const oldest = oldestSeq(messages);
  return {
    messages,
    setMessages,
    status,
    hasMore: hasMore === true && (oldest === null || oldest > 1),
    loadingEarlier,
    loadEarlier,
  };
}
