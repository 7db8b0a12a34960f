// Pure list updates shared by the live panels. Every server object carries `_id`; items made on this
// client before the server confirms them carry a temporary id, so the two can never be confused.
let sequence = 0;

// `temp-${Date.now()}` as in the seeds, plus a counter: two files dropped together get distinct ids.
export const tempId = () => `temp-${Date.now()}-${sequence++}`;

export const isTemp = (item) => String(item._id).startsWith('temp-');

// Items that exist only here (optimistic ones, chat system lines) survive a refetch of the server list.
export const isLocalOnly = (item) => isTemp(item) || Boolean(item.system);

const hasId = (payload) => payload != null && payload._id != null;

// Insert or replace by `_id`: applying the same event twice leaves one item.
export function upsert(list, item) {
  if (!hasId(item)) return list;
  return list.some((x) => x._id === item._id) ? list.map((x) => (x._id === item._id ? item : x)) : [...list, item];
}

export function removeItem(list, payload) {
  if (!hasId(payload)) return list;
  return list.some((x) => x._id === payload._id) ? list.filter((x) => x._id !== payload._id) : list;
}

// The server's copy of an item appears exactly once: over the copy we already hold, else over the
// optimistic placeholder it confirms (`matches` compares payload fields, as the seeds match polls by
// question), else at the end.
export function reconcile(list, item, matches) {
  if (!hasId(item)) return list;
  if (list.some((x) => x._id === item._id)) return upsert(list, item);
  const index = list.findIndex((x) => isTemp(x) && matches(x, item));
  if (index === -1) return [...list, item];
  return list.map((x, i) => (i === index ? item : x));
}

// The request for a placeholder succeeded. If the socket event already replaced the placeholder there
// is nothing left to do; never add the item back here, a delete event may have removed it since.
export function confirm(list, placeholderId, item) {
  if (!list.some((x) => x._id === placeholderId)) return list;
  if (list.some((x) => x._id === item._id)) return list.filter((x) => x._id !== placeholderId);
  return list.map((x) => (x._id === placeholderId ? item : x));
}

// Undo an optimistic removal at the item's old position, unless it has come back meanwhile.
export function restore(list, item, index) {
  if (list.some((x) => x._id === item._id)) return list;
  const at = Math.min(Math.max(index, 0), list.length);
  return [...list.slice(0, at), item, ...list.slice(at)];
}

// The sender's optimistic copy, the ack and the broadcast all carry the same clientId: whichever
// arrives first takes the single slot, the others update it in place.
export function reconcileMessage(list, message) {
  if (!message?._id) return list;
  const index = list.findIndex((m) => m._id === message._id || (message.clientId && m.clientId === message.clientId));
  if (index === -1) return [...list, message];
  return list.map((m, i) => (i === index ? message : m));
}
