import { act, fireEvent, screen, waitFor } from '@testing-library/react';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { io } from 'socket.io-client';
import api from '../lib/api';
import { deferred, routeApi } from '../test/apiMock';
import { createFakeSocket } from '../test/fakeSocket';
import { renderWithSocket } from '../test/renderWithSocket';
import ResourcePanel from './ResourcePanel';

vi.mock('socket.io-client', () => ({ io: vi.fn() }));
vi.mock('../lib/api', async (importOriginal) => ({
  ...(await importOriginal()),
  default: { get: vi.fn(), post: vi.fn(), delete: vi.fn() },
}));

const stored = { _id: 'r1', sessionId: 's1', name: 'notes.pdf', size: 5, contentType: 'application/pdf' };
let socket;

async function renderPanel(routes = {}) {
  routeApi(api, { 'GET /api/sessions/s1/resources': [], ...routes });
  renderWithSocket(<ResourcePanel sessionId="s1" canManage />);
  await screen.findByText('No files shared yet.');
}

const upload = (name = 'notes.pdf', body = 'hello') =>
  fireEvent.change(screen.getByLabelText('Upload file'), { target: { files: [new File([body], name, { type: 'application/pdf' })] } });

describe('ResourcePanel', () => {
  beforeEach(() => {
    socket = createFakeSocket();
    io.mockReturnValue(socket);
  });

  it('shows an upload at once and keeps one item when the event arrives before the response', async () => {
    const request = deferred();
    await renderPanel({ 'POST /api/sessions/s1/resources': () => request.promise });

    upload();
    expect(screen.getAllByTestId('resource-item')).toHaveLength(1);
    expect(screen.getByRole('progressbar', { name: 'Uploading notes.pdf' })).toBeInTheDocument();

    act(() => socket.serverEmit('resource-uploaded', stored));
    expect(screen.getAllByTestId('resource-item')).toHaveLength(1);
    expect(screen.queryByRole('progressbar')).toBeNull();

    await act(async () => request.resolve(stored));
    expect(screen.getAllByTestId('resource-item')).toHaveLength(1);
    expect(screen.getByText('notes.pdf')).toBeInTheDocument();
  });

  it('keeps one item when the response arrives before the event', async () => {
    await renderPanel({ 'POST /api/sessions/s1/resources': stored });
    upload();
    await waitFor(() => expect(screen.queryByRole('progressbar')).toBeNull());
    act(() => socket.serverEmit('resource-uploaded', stored));
    expect(screen.getAllByTestId('resource-item')).toHaveLength(1);
  });

  it('rolls the upload back and says so when the request fails', async () => {
    await renderPanel({
      'POST /api/sessions/s1/resources': () => {
        throw Object.assign(new Error('too large'), { response: { status: 413, data: { title: 'File too large' } } });
      },
    });
    upload();
    expect(await screen.findByText('Upload failed: File too large')).toBeInTheDocument();
    expect(screen.queryAllByTestId('resource-item')).toHaveLength(0);
  });

  it('removes on delete at once, and restores the item when the request fails', async () => {
    const request = deferred();
    routeApi(api, {
      'GET /api/sessions/s1/resources': [stored],
      'DELETE /api/sessions/s1/resources/r1': () => request.promise,
    });
    renderWithSocket(<ResourcePanel sessionId="s1" canManage />);
    fireEvent.click(await screen.findByRole('button', { name: 'Delete notes.pdf' }));
    expect(screen.queryAllByTestId('resource-item')).toHaveLength(0);

    await act(async () => request.reject(Object.assign(new Error('boom'), { response: { status: 500, data: { title: 'Server error' } } })));
    expect(screen.getAllByTestId('resource-item')).toHaveLength(1);
    expect(await screen.findByText('Delete failed: Server error')).toBeInTheDocument();
  });

  it('applies uploads and deletes from others live', async () => {
    await renderPanel();
    act(() => socket.serverEmit('resource-uploaded', stored));
    act(() => socket.serverEmit('resource-uploaded', stored));
    expect(screen.getAllByTestId('resource-item')).toHaveLength(1);
    act(() => socket.serverEmit('resource-deleted', { _id: 'r1', sessionId: 's1' }));
    expect(screen.queryAllByTestId('resource-item')).toHaveLength(0);
  });
});
