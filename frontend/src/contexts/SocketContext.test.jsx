import { act, render, screen } from '@testing-library/react';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { io } from 'socket.io-client';
import { createFakeSocket } from '../test/fakeSocket';
import { SocketProvider, useVideoSocket } from './SocketContext';

vi.mock('socket.io-client', () => ({ io: vi.fn() }));

function Probe({ label }) {
  const { socket, isConnected, connectionError } = useVideoSocket();
  return (
    <p data-testid={label} data-socket={socket?.id}>
      {isConnected ? 'connected' : connectionError ? `error: ${connectionError.message}` : 'connecting'}
    </p>
  );
}

const props = { userId: 'u1', sessionId: 's1', token: 'tok' };

function renderProvider() {
  const tree = (
    <SocketProvider {...props}>
      <Probe label="a" />
      <Probe label="b" />
    </SocketProvider>
  );
  const view = render(tree);
  return { ...view, rerenderSame: () => view.rerender(tree) };
}

describe('SocketProvider', () => {
  let socket;
  beforeEach(() => {
    socket = createFakeSocket({ id: 'sock-1' });
    io.mockReturnValue(socket);
  });

  it('opens exactly one /video connection and shares it with every consumer', () => {
    const { rerenderSame } = renderProvider();
    rerenderSame();
    rerenderSame();

    expect(io).toHaveBeenCalledTimes(1);
    const [url, options] = io.mock.calls[0];
    expect(url).toBe(`${window.location.origin}/video`);
    expect(options).toMatchObject({
      path: '/socket.io',
      autoConnect: false,
      auth: { token: 'tok' },
      query: { sessionId: 's1', token: 'tok', userId: 'u1' },
    });
    expect(socket.connect).toHaveBeenCalledTimes(1);
    expect(screen.getByTestId('a')).toHaveTextContent('connected');
    expect(screen.getByTestId('a').dataset.socket).toBe('sock-1');
    expect(screen.getByTestId('b').dataset.socket).toBe('sock-1');
  });

  it('tracks disconnects and connection errors', () => {
    renderProvider();
    act(() => socket.serverEmit('disconnect', 'transport close'));
    expect(screen.getByTestId('a')).toHaveTextContent('connecting');

    act(() => socket.serverEmit('connect_error', Object.assign(new Error('forbidden'), { data: { code: 403 } })));
    expect(screen.getByTestId('a')).toHaveTextContent('error: forbidden');

    act(() => socket.serverEmit('connect'));
    expect(screen.getByTestId('a')).toHaveTextContent('connected');
  });

  it('detaches its listeners and disconnects on unmount', () => {
    const { unmount } = renderProvider();
    expect(socket.listenerCount('connect')).toBe(1);

    unmount();

    expect(socket.disconnect).toHaveBeenCalledTimes(1);
    for (const event of ['connect', 'disconnect', 'connect_error']) {
      expect(socket.listenerCount(event)).toBe(0);
    }
  });

  it('opens a new connection for a different session and closes the old one', () => {
    const { rerender } = render(<SocketProvider {...props} />);
    const next = createFakeSocket({ id: 'sock-2' });
    io.mockReturnValue(next);

    rerender(<SocketProvider {...props} sessionId="s2" />);

    expect(io).toHaveBeenCalledTimes(2);
    expect(io.mock.calls[1][1].query.sessionId).toBe('s2');
    expect(socket.disconnect).toHaveBeenCalledTimes(1);
    expect(next.connect).toHaveBeenCalledTimes(1);
  });
});
