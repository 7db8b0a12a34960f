import { act, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { MemoryRouter, Route, Routes, useLocation } from 'react-router-dom';
import toast, { Toaster } from 'react-hot-toast';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { io } from 'socket.io-client';
import api from '../lib/api';
import { deferred, routeApi } from '../test/apiMock';
import { createFakeSocket } from '../test/fakeSocket';
import VideoConferenceWrapper from './VideoConferenceWrapper';

vi.mock('socket.io-client', () => ({ io: vi.fn() }));
vi.mock('../lib/api', async (importOriginal) => ({
  ...(await importOriginal()),
  default: { get: vi.fn(), post: vi.fn(), delete: vi.fn() },
}));
// Media and WebRTC are stood in for; what matters here is that the conference hangs up.
const hangUp = vi.fn();
vi.mock('../hooks/useVideoConference', () => ({
  default: () => ({
    localStream: null,
    mediaError: null,
    remoteStreams: {},
    participants: [],
    isMuted: false,
    isCameraOff: false,
    handRaised: false,
    toggleMute: () => {},
    toggleCamera: () => {},
    toggleHand: () => {},
    leave: async () => {},
    hangUp,
  }),
}));

const session = { _id: 's1', title: 'Weekly coaching', hostId: 'coach-1', status: 'active', participants: [] };
const host = { _id: 'coach-1', name: 'Carol', role: 'coach' };
const otherCoach = { _id: 'coach-2', name: 'Lena', role: 'coach' };
const participant = { _id: 'p-1', name: 'Pat', role: 'participant' };
let socket;

function Home() {
  const location = useLocation();
  return <p data-testid="home">{location.pathname}</p>;
}

function renderConference(user, routes = {}) {
  routeApi(api, {
    'GET /api/sessions/s1/resources': [],
    'GET /api/sessions/s1/polls': [],
    'GET /api/sessions/s1/messages': [],
    ...routes,
  });
  return render(
    <MemoryRouter initialEntries={['/session/s1']}>
      <Routes>
        <Route path="/" element={<Home />} />
        <Route path="/session/:sessionId" element={<VideoConferenceWrapper session={session} user={user} token="tok" />} />
      </Routes>
      <Toaster />
    </MemoryRouter>,
  );
}

const endButton = () => screen.queryByRole('button', { name: 'End session' });
const endCalls = () => api.post.mock.calls.filter(([url]) => url === '/api/sessions/s1/end');

function confirmEnd() {
  fireEvent.click(endButton());
  fireEvent.click(screen.getByRole('button', { name: 'End for everyone' }));
}

async function expectSentHome() {
  expect(await screen.findByTestId('home')).toHaveTextContent('/');
  expect(await screen.findByText('The session has ended')).toBeInTheDocument();
  expect(screen.queryByRole('navigation', { name: 'Conference controls' })).toBeNull();
  expect(hangUp).toHaveBeenCalled();
  expect(socket.disconnect).toHaveBeenCalled();
}

describe('ending the session', () => {
  beforeEach(() => {
    // react-hot-toast keeps its toasts in a module-level store: start each test with none.
    toast.remove();
    socket = createFakeSocket();
    io.mockReturnValue(socket);
  });

  it('offers "End session" to the host only', () => {
    const { unmount } = renderConference(host);
    expect(endButton()).toBeInTheDocument();
    unmount();
    for (const user of [otherCoach, participant]) {
      const view = renderConference(user);
      expect(screen.getByRole('button', { name: 'Leave' })).toBeInTheDocument();
      expect(endButton()).toBeNull();
      view.unmount();
    }
  });

  it('asks first, and cancelling posts nothing', () => {
    renderConference(host);
    fireEvent.click(endButton());
    expect(screen.getByRole('alertdialog', { name: 'End the session for everyone?' })).toBeInTheDocument();
    fireEvent.click(screen.getByRole('button', { name: 'Cancel' }));
    expect(screen.queryByRole('alertdialog')).toBeNull();
    expect(endCalls()).toHaveLength(0);
    expect(screen.queryByTestId('home')).toBeNull();
  });

  it('posts the end on confirm; the session-ended event sends the host home with the toast, once', async () => {
    const request = deferred();
    renderConference(host, { 'POST /api/sessions/s1/end': () => request.promise });
    confirmEnd();
    expect(endCalls()).toHaveLength(1);
    expect(endButton()).toBeDisabled();

    // The server's event comes before the HTTP answer.
    act(() => socket.serverEmit('session-ended', { _id: 's1' }));
    await expectSentHome();
    await act(async () => request.resolve({ ...session, status: 'ended' }));
    act(() => socket.serverEmit('session-ended', { _id: 's1' }));
    expect(screen.getAllByText('The session has ended')).toHaveLength(1);
    expect(hangUp).toHaveBeenCalledTimes(1);
  });

  it('a participant who receives session-ended leaves the conference for home with the toast', async () => {
    renderConference(participant);
    expect(screen.getByTestId('connection-status')).toHaveTextContent('connected');
    act(() => socket.serverEmit('session-ended', { _id: 's1' }));
    await expectSentHome();
  });

  it('a participant disconnected by the server without the event checks the session and leaves if it ended', async () => {
    renderConference(participant, { 'GET /api/sessions/s1': { ...session, status: 'ended' } });
    act(() => socket.serverEmit('disconnect', 'io server disconnect'));
    await expectSentHome();
    expect(api.get).toHaveBeenCalledWith('/api/sessions/s1');
  });

  it('a failed end request says why and changes nothing', async () => {
    renderConference(host, {
      'POST /api/sessions/s1/end': () => {
        throw Object.assign(new Error('Request failed'), { response: { status: 500, data: { title: 'Server unavailable' } } });
      },
    });
    confirmEnd();
    expect(await screen.findByText('Could not end the session: Server unavailable')).toBeInTheDocument();
    await waitFor(() => expect(endButton()).toBeEnabled());
    expect(screen.queryByTestId('home')).toBeNull();
    expect(screen.getByRole('navigation', { name: 'Conference controls' })).toBeInTheDocument();
    expect(screen.getByTestId('connection-status')).toHaveTextContent('connected');
    expect(hangUp).not.toHaveBeenCalled();
    expect(socket.disconnect).not.toHaveBeenCalled();
    expect(screen.queryByText('The session has ended')).toBeNull();
  });
});
