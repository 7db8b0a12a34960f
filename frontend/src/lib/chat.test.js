import { describe, expect, it } from 'vitest';
import { gapRequest, insertMessage, mergeMessages, newestSeq, oldestSeq, seqGaps } from './chat';

const m = (seq, extra = {}) => ({ _id: `m${seq}`, seq, text: `t${seq}`, clientId: `c${seq}`, ...extra });
const ids = (list) => list.map((x) => x._id);

describe('chat transcript helpers', () => {
  it('keeps server messages in seq order whatever order they arrive in, each once', () => {
    const list = mergeMessages([], [m(5), m(2), m(9), m(2), m(7), m(5)]);
    expect(ids(list)).toEqual(['m2', 'm5', 'm7', 'm9']);
    expect([oldestSeq(list), newestSeq(list)]).toEqual([2, 9]);
  });

  it('leaves join/leave lines where they were and keeps pending sends last', () => {
    const line = { _id: 'system-joined-x', system: true, text: 'Sam joined the session' };
    const pending = { _id: 'temp-c9', clientId: 'c9', pending: true, text: 'mine' };
    let list = [m(1), line, pending];
    list = insertMessage(list, m(2));
    expect(ids(list)).toEqual(['m1', 'system-joined-x', 'm2', 'temp-c9']);
    // The server copy of the pending send takes its seq place, replacing the placeholder.
    list = insertMessage(list, m(3, { _id: 'mine', clientId: 'c9' }));
    expect(ids(list)).toEqual(['m1', 'system-joined-x', 'm2', 'mine']);
  });

  it('finds holes in the numbering and asks for them newest first, a page at most', () => {
    const list = [m(1), m(2), m(5), m(6), m(200)];
    expect(seqGaps(list)).toEqual([[3, 4], [7, 199]]);
    expect(gapRequest([3, 4])).toEqual({ before: 5, limit: 2 });
    expect(gapRequest([7, 199])).toEqual({ before: 200, limit: 50 });
    expect(seqGaps([m(1), { _id: 'temp-x', pending: true }, m(2)])).toEqual([]);
  });
});
