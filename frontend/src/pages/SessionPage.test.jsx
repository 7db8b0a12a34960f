import { render, screen } from '@testing-library/react';
import { MemoryRouter, Route, Routes, useLocation } from 'react-router-dom';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import api from '../lib/api';
import { getToken, saveAuth } from '../lib/auth';
import { routeApi } from '../test/apiMock';
import SessionPage from './SessionPage';

vi.mock('../lib/api', async (importOriginal) => ({
  ...(await importOriginal()),
  default: { get: vi.fn(), post: vi.fn(), delete: vi.fn() },
}));
vi.mock('../components/VideoConferenceWrapper', () => ({
  default: ({ session, user, token }) => (
    <p data-testid="conference">
      {session.title}|{user._id}|{user.name}|{user.role}|{token}
    </p>
  ),
}));

const jwt = (claims) => `e30.${btoa(JSON.stringify(claims)).replace(/=+$/, '')}.sig`;
const session = {
  _id: 's1',
  title: 'Weekly',
  hostId: 'c1',
  participants: [{ userId: 'u9', name: 'Uma (from the session)', role: 'participant' }],
};

function Where() {
  const location = useLocation();
  return <p data-testid="where">{location.pathname + location.search}</p>;
}

function renderAt(url) {
  return render(
    <MemoryRouter initialEntries={[url]}>
      <Routes>
        <Route path="/" element={<Where />} />
        <Route path="/session/:sessionId" element={<SessionPage />} />
      </Routes>
    </MemoryRouter>,
  );
}

describe('SessionPage', () => {
  beforeEach(() => {
    routeApi(api, { 'POST /api/sessions/s1/join': session, 'GET /api/sessions/s1': session });
  });

  it('uses the token from the link over the stored one, joins before loading the session, then opens it', async () => {
    saveAuth('stored-token', { _id: 'c1', name: 'Carol', role: 'coach' });
    const token = jwt({ sub: 'u9', name: 'Uma', role: 'participant' });

    renderAt(`/session/s1?token=${token}`);

    expect(await screen.findByTestId('conference')).toHaveTextContent(`Weekly|u9|Uma (from the session)|participant|${token}`);
    expect(getToken()).toBe(token);
    expect(api.post).toHaveBeenCalledWith('/api/sessions/s1/join');
    expect(api.post.mock.invocationCallOrder[0]).toBeLessThan(api.get.mock.invocationCallOrder[0]);
  });

  it('sends a visitor without a token to sign in first, and back here afterwards', async () => {
    renderAt('/session/s1');
    expect(await screen.findByTestId('where')).toHaveTextContent(`/?next=${encodeURIComponent('/session/s1')}`);
    expect(api.post).not.toHaveBeenCalled();
  });

  it('says so when the session does not exist', async () => {
    saveAuth('stored-token', { _id: 'c1', name: 'Carol', role: 'coach' });
    renderAt('/session/nope');
    expect(await screen.findByRole('alert')).toHaveTextContent('This session does not exist.');
  });
});
