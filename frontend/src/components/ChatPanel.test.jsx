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
