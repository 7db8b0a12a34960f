import { render } from '@testing-library/react';
import { Toaster } from 'react-hot-toast';
import { SocketProvider } from '../contexts/SocketContext';

// A panel under the real provider (its io() mocked by the test) with a Toaster to show errors.
export function renderWithSocket(ui) {
  return render(
    <SocketProvider userId="coach-1" sessionId="s1" token="tok">
      {ui}
      <Toaster />
    </SocketProvider>,
  );
}
