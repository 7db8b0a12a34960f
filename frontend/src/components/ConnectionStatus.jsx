import { useVideoSocket } from '../contexts/SocketContext';

const STYLES = {
  connected: 'bg-green-500',
  connecting: 'bg-yellow-400 animate-pulse',
  error: 'bg-red-500',
};

export default function ConnectionStatus() {
  const { isConnected, connectionError } = useVideoSocket();
  const state = isConnected ? 'connected' : connectionError ? 'error' : 'connecting';
  return (
    <div
      className="flex items-center gap-2 rounded-full bg-gray-800 px-3 py-1 text-xs text-gray-300"
      title={connectionError && !isConnected ? `Connection error: ${connectionError.message}` : undefined}
      role="status"
    >
      <span className={`h-2 w-2 rounded-full ${STYLES[state]}`} aria-hidden="true" />
      {/* Test hook: the text is exactly the state word. */}
      <span data-testid="connection-status">{state}</span>
    </div>
  );
}
