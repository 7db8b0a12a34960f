// Pure helpers for the chat transcript. The server numbers a session's messages with `seq` (1, 2, 3, …
// with no holes), so the transcript is kept in `seq` order whichever way a message arrives (history page,
// broadcast, ack, gap fill), and a hole in the numbers means messages we have not seen yet.
// The list also holds items that exist only here: optimistic placeholders (`pending`, a `temp-` id) and
// join/leave lines (`system`). Those have no `seq` and stay where they were put.
import { isLocalOnly } from './collections';

export const CHAT_PAGE_SIZE = 50;

const hasSeq = (m) => !isLocalOnly(m) && Number.isFinite(m.seq);

// Where a server message with this seq belongs: before the first message numbered after it, else before
// the first pending placeholder (our unconfirmed sends stay last), else at the end.
function slotFor(list, seq) {
  if (Number.isFinite(seq)) {
    const later = list.findIndex((m) => hasSeq(m) && m.seq > seq);
    if (later !== -1) return later;
  }
  const pending = list.findIndex((m) => m.pending);
  return pending === -1 ? list.length : pending;
}

// One server message into the list, exactly once: over the copy we already hold (same `_id`), else in
// place of the optimistic placeholder it confirms (same `clientId`), else at its `seq` position.
export function insertMessage(list, message) {
  if (!message?._id) return list;
  const same = list.findIndex((m) => m._id === message._id);
  if (same !== -1) return list.map((m, i) => (i === same ? message : m));
  const rest = message.clientId ? list.filter((m) => !(m.pending && m.clientId === message.clientId)) : list;
  const at = slotFor(rest, message.seq);
  return [...rest.slice(0, at), message, ...rest.slice(at)];
}

export const mergeMessages = (list, messages = []) => messages.reduce(insertMessage, list);

const seqsOf = (list) => list.filter(hasSeq).map((m) => m.seq);

export function oldestSeq(list) {
  const seqs = seqsOf(list);
  return seqs.length ? Math.min(...seqs) : null;
}

export function newestSeq(list) {
  const seqs = seqsOf(list);
  return seqs.length ? Math.max(...seqs) : null;
}

// The holes between the oldest and the newest message we hold, as inclusive [from, to] ranges.
export function seqGaps(list) {
  const seqs = [...new Set(seqsOf(list))].sort((a, b) => a - b);
  const gaps = [];
  for (let i = 1; i < seqs.length; i++) {
    if (seqs[i] > seqs[i - 1] + 1) gaps.push([seqs[i - 1] + 1, seqs[i] - 1]);
  }
  return gaps;
}

// The next request that fills (part of) a hole: the newest `limit` missing messages below `to + 1`,
// which is exactly what `GET …/messages?before=&limit=` returns.
export function gapRequest([from, to], limit = CHAT_PAGE_SIZE) {
  return { before: to + 1, limit: Math.min(to - from + 1, limit) };
}
