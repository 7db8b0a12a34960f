import { act, fireEvent, screen } from '@testing-library/react';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { io } from 'socket.io-client';
import api from '../lib/api';
import { deferred, routeApi } from '../test/apiMock';
import { createFakeSocket } from '../test/fakeSocket';
import { renderWithSocket } from '../test/renderWithSocket';
import PollPanel from './PollPanel';

vi.mock('socket.io-client', () => ({ io: vi.fn() }));
vi.mock('../lib/api', async (importOriginal) => ({
  ...(await importOriginal()),
  default: { get: vi.fn(), post: vi.fn(), delete: vi.fn() },
}));

const poll = {
  _id: 'p1',
  sessionId: 's1',
  type: 'multiple',
  question: 'Lunch?',
  options: [
    { text: 'Pizza', votes: 0 },
    { text: 'Salad', votes: 0 },
  ],
  voters: [],
};
let socket;

function createPoll() {
  fireEvent.change(screen.getByLabelText('Poll question'), { target: { value: 'Lunch?' } });
  fireEvent.change(screen.getByLabelText('Option 1'), { target: { value: 'Pizza' } });
  fireEvent.change(screen.getByLabelText('Option 2'), { target: { value: 'Salad' } });
  fireEvent.click(screen.getByRole('button', { name: 'Create poll' }));
}

const votesShown = () => screen.getAllByTestId('poll-option-votes').map((el) => el.textContent);

describe('PollPanel', () => {
  beforeEach(() => {
    socket = createFakeSocket();
    io.mockReturnValue(socket);
  });

  it('adds a poll optimistically and replaces it with the server copy once', async () => {
    const request = deferred();
    routeApi(api, { 'GET /api/sessions/s1/polls': [], 'POST /api/sessions/s1/polls': () => request.promise });
    renderWithSocket(<PollPanel sessionId="s1" userId="coach-1" canManage />);
    await screen.findByText('No polls yet.');

    createPoll();
    expect(screen.getAllByTestId('poll-item')).toHaveLength(1);
    expect(api.post).toHaveBeenCalledWith('/api/sessions/s1/polls', { type: 'multiple', question: 'Lunch?', options: ['Pizza', 'Salad'] });

    act(() => socket.serverEmit('poll-created', poll));
    await act(async () => request.resolve({ poll }));
    expect(screen.getAllByTestId('poll-item')).toHaveLength(1);
    expect(screen.getByRole('button', { name: 'Delete poll Lunch?' })).toBeInTheDocument();
  });

  it('rolls a failed poll back with an error toast', async () => {
    routeApi(api, {
      'GET /api/sessions/s1/polls': [],
      'POST /api/sessions/s1/polls': () => {
        throw Object.assign(new Error('nope'), { response: { status: 403, data: { title: 'Forbidden' } } });
      },
    });
    renderWithSocket(<PollPanel sessionId="s1" userId="coach-1" canManage />);
    await screen.findByText('No polls yet.');
    createPoll();
    expect(await screen.findByText('Could not create the poll: Forbidden')).toBeInTheDocument();
    expect(screen.queryAllByTestId('poll-item')).toHaveLength(0);
  });

  it('shows a vote at once, takes the live counts from poll-voted, and rolls back a failed vote', async () => {
    const request = deferred();
    routeApi(api, { 'GET /api/sessions/s1/polls': [poll], 'POST /api/sessions/s1/polls/p1/vote': () => request.promise });
    renderWithSocket(<PollPanel sessionId="s1" userId="u2" />);
    fireEvent.click(await screen.findByRole('button', { name: 'Vote Pizza' }));
    expect(votesShown()).toEqual(['1 vote', '0 votes']);

    await act(async () => request.reject(Object.assign(new Error('conflict'), { response: { status: 409 } })));
    expect(votesShown()).toEqual(['0 votes', '0 votes']);
    expect(await screen.findByText('You have already voted in this poll.')).toBeInTheDocument();

    act(() => socket.serverEmit('poll-voted', { ...poll, options: [{ text: 'Pizza', votes: 2 }, { text: 'Salad', votes: 1 }], voters: ['a', 'b', 'c'] }));
    expect(votesShown()).toEqual(['2 votes', '1 vote']);
  });
});
