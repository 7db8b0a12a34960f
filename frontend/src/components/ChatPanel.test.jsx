import { act, fireEvent, screen, waitFor } from '@testing-library/react';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { io } from 'socket.io-client';
import api from '../lib/api';
import { deferred, routeApi } from '../test/apiMock';
import { createFakeSocket } from '../test/fakeSocket';
import { renderWithSocket } from '../test/renderWithSocket';
import ChatPanel from './ChatPanel';

vi.mock('socket.io-client', () => ({ io: vi.fn() }));
vi.mock('../lib/api', async (importOriginal) => ({
  ...(await importOriginal()),
  default: { get: vi.fn(), post: vi.fn(), delete: vi.fn() },
}));

const me = { _id: 'coach-1', name: 'Carol', role: 'coach' };
const history = [{ _id: 'm0', userId: 'p-1', userName: 'Pat', text: 'earlier', clientId: 'c0', seq: 1 }];
let socket;

const stored = (clientId, text = 'hello') => ({ _id: 'm1', sessionId: 's1', userId: me._id, userName: me.name, text, clientId, seq: 2 });

async function renderChat(routes = {}) {
  routeApi(api, { 'GET /api/sessions/s1/messages': history, ...routes });
  renderWithSocket(<ChatPanel sessionId="s1" user={me} />);
  await screen.findByText('earlier');
}

function send(text = 'hello') {
  fireEvent.change(screen.getByLabelText('Message'), { target: { value: text } });
  fireEvent.click(screen.getByRole('button', { name: 'Send message' }));
}

describe('ChatPanel', () => {
  beforeEach(() => {
    socket = createFakeSocket();
    io.mockReturnValue(socket);
  });

  it('sends over the socket and shows the message once, whichever of ack and broadcast comes first', async () => {
    const ack = deferred();
    socket.ackReply.mockImplementation(() => ack.promise);
    await renderChat();

    send();
    expect(screen.getAllByTestId('chat-message')).toHaveLength(2);
    const [event, payload] = socket.ackReply.mock.calls[0];
    expect(event).toBe('chat-message');
    expect(payload).toMatchObject({ text: 'hello', clientId: expect.any(String) });

    act(() => socket.serverEmit('chat-message-added', stored(payload.clientId)));
    await act(async () => ack.resolve({ ok: true, message: stored(payload.clientId) }));
    act(() => socket.serverEmit('chat-message-added', stored(payload.clientId)));
    expect(screen.getAllByTestId('chat-message')).toHaveLength(2);
    expect(screen.getAllByText('hello')).toHaveLength(1);
    expect(api.post).not.toHaveBeenCalled();
  });

  it('falls back to REST with the same clientId when the socket is not connected', async () => {
    await renderChat({ 'POST /api/sessions/s1/messages': (body) => stored(body.clientId) });
    act(() => socket.serverEmit('disconnect', 'transport close'));

    send();
    await waitFor(() => expect(api.post).toHaveBeenCalledTimes(1));
    const body = api.post.mock.calls[0][1];
    act(() => socket.serverEmit('chat-message-added', stored(body.clientId)));
    expect(socket.ackReply).not.toHaveBeenCalled();
    expect(screen.getAllByText('hello')).toHaveLength(1);
  });

  it('rolls a rejected message back, says why and gives the text back', async () => {
    socket.ackReply.mockResolvedValue({ ok: false, error: 'Message too long' });
    await renderChat();
    send();
    expect(await screen.findByText('Message not sent: Message too long')).toBeInTheDocument();
    expect(screen.getAllByTestId('chat-message')).toHaveLength(1);
    expect(screen.getByLabelText('Message')).toHaveValue('hello');
  });

  it('shows who is typing and join/leave lines for others', async () => {
    await renderChat();
    act(() => socket.serverEmit('typing', { userId: 'p-1', name: 'Pat', isTyping: true }));
    expect(screen.getByTestId('typing-indicator')).toHaveTextContent('Pat is typing…');
    act(() => socket.serverEmit('typing', { userId: 'p-1', name: 'Pat', isTyping: false }));
    expect(screen.getByTestId('typing-indicator')).toHaveTextContent('');

    act(() => socket.serverEmit('participant-joined', { userId: 'p-2', name: 'Sam', role: 'participant', socketId: 'x2' }));
    act(() => socket.serverEmit('participant-joined', { userId: me._id, name: me.name, role: 'coach', socketId: socket.id }));
    act(() => socket.serverEmit('participant-left', { userId: 'p-2', name: 'Sam', role: 'participant', socketId: 'x2' }));
    const lines = screen.getAllByTestId('chat-system-message').map((el) => el.textContent);
    expect(lines).toEqual(['Sam joined the session', 'Sam left the session']);
  });
});

describe('ChatPanel history', () => {
  const msg = (seq) => ({ _id: `m${seq}`, sessionId: 's1', userId: 'p-1', userName: 'Pat', text: `message ${seq}`, clientId: `c${seq}`, seq });
  const range = (from, to) => Array.from({ length: to - from + 1 }, (_, i) => msg(from + i));
  // The server's GET …/messages: the latest `limit` messages below `before`, oldest first.
  const serve = (all) => ({ params = {} } = {}) => {
    const below = params.before == null ? all : all.filter((m) => m.seq < params.before);
    return below.slice(-(params.limit ?? 50));
  };
  const shown = () => screen.getAllByTestId('chat-message').map((el) => el.querySelector('p').textContent);
  const texts = (from, to) => range(from, to).map((m) => m.text);
  const historyCalls = () => api.get.mock.calls.filter(([url]) => url === '/api/sessions/s1/messages').map(([, config]) => config.params);

  beforeEach(() => {
    socket = createFakeSocket();
    io.mockReturnValue(socket);
  });

  it('pages back with "Load earlier messages", prepending in order without duplicates, until a short page', async () => {
    const all = range(1, 120);
    let earlier = deferred();
    routeApi(api, {
      'GET /api/sessions/s1/messages': async (config) => {
        if (config.params.before == null) return serve(all)(config);
        await earlier.promise;
        // A page overlapping what is already shown (m71) must not show it twice.
        return [...serve(all)(config), msg(71)];
      },
    });
    renderWithSocket(<ChatPanel sessionId="s1" user={me} />);
    await waitFor(() => expect(shown()).toEqual(texts(71, 120)));
    expect(historyCalls()[0]).toEqual({ limit: 50 });

    fireEvent.click(screen.getByRole('button', { name: 'Load earlier messages' }));
    expect(historyCalls().at(-1)).toEqual({ before: 71, limit: 50 });
    expect(screen.getByRole('button', { name: 'Loading…' })).toBeDisabled();
    await act(async () => earlier.resolve());
    await waitFor(() => expect(shown()).toEqual(texts(21, 120)));

    earlier = deferred();
    fireEvent.click(screen.getByRole('button', { name: 'Load earlier messages' }));
    expect(historyCalls().at(-1)).toEqual({ before: 21, limit: 50 });
    await act(async () => earlier.resolve());
    // 20 back, fewer than asked for: that was the start of the conversation.
    await waitFor(() => expect(shown()).toEqual(texts(1, 120)));
    expect(screen.queryByRole('button', { name: 'Load earlier messages' })).toBeNull();
    expect(new Set(screen.getAllByTestId('chat-message').map((el) => el.textContent)).size).toBe(120);
  });

  it('offers no earlier page when the first one is short', async () => {
    routeApi(api, { 'GET /api/sessions/s1/messages': serve(range(1, 3)) });
    renderWithSocket(<ChatPanel sessionId="s1" user={me} />);
    await waitFor(() => expect(shown()).toEqual(texts(1, 3)));
    expect(screen.queryByRole('button', { name: 'Load earlier messages' })).toBeNull();
  });

  it('fetches the messages missing between the newest shown and an incoming one, exactly once each', async () => {
    const all = range(1, 6);
    let current = all.slice(0, 3);
    routeApi(api, { 'GET /api/sessions/s1/messages': (config) => serve(current)(config) });
    renderWithSocket(<ChatPanel sessionId="s1" user={me} />);
    await waitFor(() => expect(shown()).toEqual(texts(1, 3)));

    // 4 and 5 were broadcast while this socket was away; 6 is the first we hear of.
    current = all;
    act(() => socket.serverEmit('chat-message-added', msg(6)));
    await waitFor(() => expect(shown()).toEqual(texts(1, 6)));
    expect(historyCalls()).toContainEqual({ before: 6, limit: 2 });

    act(() => socket.serverEmit('chat-message-added', msg(5)));
    act(() => socket.serverEmit('chat-message-added', msg(6)));
    expect(shown()).toEqual(texts(1, 6));
    expect(historyCalls().filter((p) => p.before != null)).toHaveLength(1);
  });

  it('after a reconnect, fills everything between what it had and the latest page, a page at a time', async () => {
    let current = range(1, 10);
    routeApi(api, { 'GET /api/sessions/s1/messages': (config) => serve(current)(config) });
    renderWithSocket(<ChatPanel sessionId="s1" user={me} />);
    await waitFor(() => expect(shown()).toEqual(texts(1, 10)));

    act(() => socket.serverEmit('disconnect', 'transport close'));
    current = range(1, 130);
    act(() => socket.serverEmit('connect'));
    await waitFor(() => expect(shown()).toEqual(texts(1, 130)));
    const fills = historyCalls().filter((p) => p.before != null);
    expect(fills).toEqual([
      { before: 81, limit: 50 },
      { before: 31, limit: 20 },
    ]);
  });

  it('keeps its own pending message last, and shows it once when a gap fill brings it before the ack', async () => {
    let current = range(1, 2);
    routeApi(api, { 'GET /api/sessions/s1/messages': (config) => serve(current)(config) });
    const ack = deferred();
    socket.ackReply.mockImplementation(() => ack.promise);
    renderWithSocket(<ChatPanel sessionId="s1" user={me} />);
    await waitFor(() => expect(shown()).toEqual(texts(1, 2)));

    send('mine');
    const { clientId } = socket.ackReply.mock.calls[0][1];
    const mine = { ...stored(clientId, 'mine'), _id: 'mine', seq: 4 };
    act(() => socket.serverEmit('chat-message-added', msg(3)));
    expect(shown()).toEqual([...texts(1, 3), 'mine']);

    // Our broadcast was missed, the next one was not: the hole at 4 is ours, fetched before the ack.
    current = [...range(1, 3), mine, msg(5)];
    act(() => socket.serverEmit('chat-message-added', msg(5)));
    await waitFor(() => expect(historyCalls()).toContainEqual({ before: 5, limit: 1 }));
    await waitFor(() => expect(shown()).toEqual([...texts(1, 3), 'mine', 'message 5']));
    await act(async () => ack.resolve({ ok: true, message: mine }));
    expect(shown()).toEqual([...texts(1, 3), 'mine', 'message 5']);
    expect(screen.getAllByText('mine')).toHaveLength(1);
  });
});
