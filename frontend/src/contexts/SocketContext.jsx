import { createContext, useContext, useEffect, useMemo, useState } from 'react';
import { io } from 'socket.io-client';
import logger from '../utils/logger';

const SOCKET_URL = import.meta.env.VITE_SOCKET_URL ?? window.location.origin;

const SocketContext = createContext({ socket: null, isConnected: false, connectionError: null });

// One socket per conference for every component below it: the seeds' badges went stale because each
// component opened its own connection.
export function SocketProvider({ userId, sessionId, token, namespace = '/video', children }) {
  const socket = useMemo(
    () =>
      io(`${SOCKET_URL}${namespace}`, {
        path: '/socket.io',
        auth: { token },
        query: { sessionId, token, userId },
        autoConnect: false,
        // The query belongs to the underlying Manager, which io() caches per URL: a cached one would
        // still carry the previous session's id and token.
        forceNew: true,
      }),
    [namespace, sessionId, token, userId],
  );
  const [isConnected, setIsConnected] = useState(false);
  const [connectionError, setConnectionError] = useState(null);

  useEffect(() => {
    const onConnect = () => {
      logger.info(`[SocketContext] Connected to namespace ${namespace}`, { sessionId, socketId: socket.id });
      setIsConnected(true);
      setConnectionError(null);
    };
    const onDisconnect = (reason) => {
      logger.warn('[SocketContext] Disconnected', { sessionId, reason });
      setIsConnected(false);
    };
    const onConnectError = (error) => {
      // `unauthorized` / `forbidden` come from the server's checks and are not retried by the client.
      logger.error('[SocketContext] Connection error', { sessionId, message: error.message, data: error.data });
      setIsConnected(false);
      setConnectionError(error);
    };

    socket.on('connect', onConnect);
    socket.on('disconnect', onDisconnect);
    socket.on('connect_error', onConnectError);
    socket.connect();

    return () => {
      socket.off('connect', onConnect);
      socket.off('disconnect', onDisconnect);
      socket.off('connect_error', onConnectError);
      socket.disconnect();
      setIsConnected(false);
      logger.info('[SocketContext] Socket closed', { sessionId });
    };
  }, [socket, namespace, sessionId]);

  const value = useMemo(() => ({ socket, isConnected, connectionError }), [socket, isConnected, connectionError]);
  return <SocketContext.Provider value={value}>{children}</SocketContext.Provider>;
}

export const useVideoSocket = () => useContext(SocketContext);
