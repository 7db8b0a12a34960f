import { act, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { MemoryRouter } from 'react-router-dom';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { io } from 'socket.io-client';
import api from '../lib/api';
import { routeApi } from '../test/apiMock';
import { createFakeSocket } from '../test/fakeSocket';
import VideoConferenceWrapper from './VideoConferenceWrapper';

vi.mock('socket.io-client', () => ({ io: vi.fn() }));
vi.mock('../lib/api', async (importOriginal) => ({
  ...(await importOriginal()),
  default: { get: vi.fn(), post: vi.fn(), delete: vi.fn() },
}));
// Media and WebRTC are not what these tests are about (and jsdom has neither).
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
    hangUp: () => {},
  }),
}));

const session = { _id: 's1', title: 'Weekly coaching', hostId: 'coach-1', participants: [] };
const coach = { _id: 'coach-1', name: 'Carol', role: 'coach' };
const participant = { _id: 'p-1', name: 'Pat', role: 'participant' };
const resource = (id) => ({ _id: id, sessionId: 's1', name: `${id}.pdf`, size: 10 });

let socket;

function renderConference(user = coach, { resources = [], polls = [] } = {}) {
  routeApi(api, {
    'GET /api/sessions/s1/resources': resources,
    'GET /api/sessions/s1/polls': polls,
    'GET /api/sessions/s1/messages': [],
  });
  const tree = (
    <MemoryRouter>
      <VideoConferenceWrapper session={session} user={user} token="tok" />
    </MemoryRouter>
  );
  const view = render(tree);
  return { ...view, rerenderSame: () => view.rerender(tree) };
}

const badge = (testId) => screen.queryByTestId(testId);
const serverEmit = (...args) => act(() => socket.serverEmit(...args));

describe('VideoConference counts', () => {
  beforeEach(() => {
    socket = createFakeSocket();
    io.mockReturnValue(socket);
  });

  it('shows the connection state and the initial resource count from the fetch', async () => {
    renderConference(coach, { resources: [resource('r1'), resource('r2')] });
    expect(screen.getByTestId('connection-status')).toHaveTextContent('connected');
    await waitFor(() => expect(badge('resource-count-badge')).toHaveTextContent('2'));
    expect(screen.getByRole('button', { name: 'Resources' })).toBeInTheDocument();
  });

  it('counts uploads +1 and deletes -1, once per resource, never below zero', async () => {
    const { rerenderSame } = renderConference();
    await waitFor(() => expect(api.get).toHaveBeenCalledWith('/api/sessions/s1/resources'));
    expect(badge('resource-count-badge')).toBeNull();

    rerenderSame();
    rerenderSame();
    serverEmit('resource-uploaded', resource('r1'));
    expect(badge('resource-count-badge')).toHaveTextContent('1');

    // The same event delivered again (a retry, a second listener) does not count twice.
    serverEmit('resource-uploaded', resource('r1'));
    rerenderSame();
    expect(badge('resource-count-badge')).toHaveTextContent('1');

    serverEmit('resource-uploaded', resource('r2'));
    expect(badge('resource-count-badge')).toHaveTextContent('2');

    serverEmit('resource-deleted', { _id: 'r1', sessionId: 's1' });
    expect(badge('resource-count-badge')).toHaveTextContent('1');
    serverEmit('resource-deleted', { _id: 'r2', sessionId: 's1' });
    expect(badge('resource-count-badge')).toBeNull();

    serverEmit('resource-deleted', { _id: 'r2', sessionId: 's1' });
    serverEmit('resource-deleted', { _id: 'never-seen', sessionId: 's1' });
    expect(badge('resource-count-badge')).toBeNull();
  });

  it('keeps one listener per event however often it re-renders, with the panel open too', async () => {
    const { rerenderSame } = renderConference();
    fireEvent.click(screen.getByRole('button', { name: 'Resources' }));
    await screen.findByText('No files shared yet.');
    const listeners = socket.listenerCount('resource-uploaded');
    rerenderSame();
    rerenderSame();
    expect(socket.listenerCount('resource-uploaded')).toBe(listeners);

    serverEmit('resource-uploaded', resource('r1'));
    expect(badge('resource-count-badge')).toHaveTextContent('1');
    expect(within(screen.getByRole('list', { name: 'Files' })).getAllByTestId('resource-item')).toHaveLength(1);
  });

  it('a refetch after reconnecting neither loses nor doubles events that arrived meanwhile', async () => {
    renderConference();
    await waitFor(() => expect(api.get).toHaveBeenCalledWith('/api/sessions/s1/resources'));
    let release;
    routeApi(api, {
      // The snapshot was taken before r2 was uploaded; its event arrives while the fetch is in flight.
      'GET /api/sessions/s1/resources': () => new Promise((resolve) => (release = () => resolve([resource('r1')]))),
      'GET /api/sessions/s1/polls': [],
      'GET /api/sessions/s1/messages': [],
    });
    serverEmit('disconnect', 'transport close');
    serverEmit('connect');
    serverEmit('resource-uploaded', resource('r2'));
    await act(async () => release());
    expect(badge('resource-count-badge')).toHaveTextContent('2');
  });

  it('counts polls from the fetch and from created/deleted events', async () => {
    renderConference(participant, { polls: [{ _id: 'p1', question: 'Q?', options: [], voters: [] }] });
    await waitFor(() => expect(badge('poll-count-badge')).toHaveTextContent('1'));
    serverEmit('poll-created', { _id: 'p2', question: 'Q2?', options: [], voters: [] });
    serverEmit('poll-created', { _id: 'p2', question: 'Q2?', options: [], voters: [] });
    expect(badge('poll-count-badge')).toHaveTextContent('2');
    serverEmit('poll-deleted', { _id: 'p1' });
    serverEmit('poll-deleted', { _id: 'p2' });
    expect(badge('poll-count-badge')).toBeNull();
  });

  it("counts others' unread chat messages until the chat is opened", async () => {
    renderConference(participant);
    const message = (id, userId) => ({ _id: id, userId, userName: 'x', text: id, clientId: id, seq: 1 });
    serverEmit('chat-message-added', message('m1', 'coach-1'));
    serverEmit('chat-message-added', message('m1', 'coach-1'));
    serverEmit('chat-message-added', message('m2', participant._id));
    expect(badge('chat-unread-badge')).toHaveTextContent('1');

    fireEvent.click(screen.getByRole('button', { name: 'Chat' }));
    expect(badge('chat-unread-badge')).toBeNull();
    serverEmit('chat-message-added', message('m3', 'coach-1'));
    expect(badge('chat-unread-badge')).toBeNull();
  });

  it('gives participants a read-only files button instead of the coach-only Resources button', async () => {
    renderConference(participant, { resources: [resource('r1')] });
    expect(screen.queryByRole('button', { name: 'Resources' })).toBeNull();
    await waitFor(() => expect(badge('shared-files-badge')).toHaveTextContent('1'));
    fireEvent.click(screen.getByRole('button', { name: 'Shared files' }));
    await screen.findByTestId('resource-item');
    expect(screen.queryByLabelText('Upload file')).toBeNull();
    expect(screen.queryByRole('button', { name: /^Delete/ })).toBeNull();
  });
});
