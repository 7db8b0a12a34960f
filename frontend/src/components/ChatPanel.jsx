import { useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import toast from 'react-hot-toast';
import { Send } from 'lucide-react';
import { useVideoSocket } from '../contexts/SocketContext';
import useChatHistory from '../hooks/useChatHistory';
import api, { errorMessage } from '../lib/api';
import { insertMessage } from '../lib/chat';
import { upsert } from '../lib/collections';
import logger from '../utils/logger';

const ACK_TIMEOUT_MS = 5000;
const TYPING_IDLE_MS = 2000;
const TYPING_STALE_MS = 5000;

const newClientId = () => globalThis.crypto?.randomUUID?.() ?? `${Date.now()}-${Math.random().toString(36).slice(2)}`;

// Join and leave lines are keyed by the connection, so a replayed event does not print twice.
const systemLine = (verb) => (list, p) =>
  p?.socketId || p?.userId
    ? upsert(list, {
        _id: `system-${verb}-${p.socketId ?? p.userId}`,
        system: true,
        text: `${p.name ?? 'Someone'} ${verb} the session`,
        createdAt: new Date().toISOString(),
      })
    : list;

async function sendOverSocket(socket, payload) {
  const reply = await socket.timeout(ACK_TIMEOUT_MS).emitWithAck('chat-message', payload);
  if (!reply?.ok) throw Object.assign(new Error(reply?.error ?? 'rejected'), { rejected: true });
  return reply.message;
}

function useTypingIndicator(socket) {
  const [typers, setTypers] = useState({});
  useEffect(() => {
    if (!socket) return undefined;
    const timers = {};
    const onTyping = ({ userId, name, isTyping } = {}) => {
      if (!userId) return;
      clearTimeout(timers[userId]);
      const drop = () => setTypers(({ [userId]: _gone, ...rest }) => rest);
      if (!isTyping) return drop();
      setTypers((prev) => ({ ...prev, [userId]: name ?? 'Someone' }));
      // A missed "stopped typing" (the sender closed the tab) must not leave the line up forever.
      timers[userId] = setTimeout(drop, TYPING_STALE_MS);
    };
    socket.on('typing', onTyping);
    return () => {
      socket.off('typing', onTyping);
      Object.values(timers).forEach(clearTimeout);
    };
  }, [socket]);
  const names = Object.values(typers);
  if (names.length === 0) return null;
  return `${names.join(', ')} ${names.length === 1 ? 'is' : 'are'} typing…`;
}

function Message({ message, own }) {
  if (message.system) {
    return (
      <li data-testid="chat-system-message" className="text-center text-xs italic text-gray-400">
        {message.text}
      </li>
    );
  }
  return (
    <li data-testid="chat-message" className={`flex flex-col ${own ? 'items-end' : 'items-start'}`}>
      <span className="text-xs text-gray-400">{own ? 'You' : message.userName}</span>
      <p className={`max-w-[85%] whitespace-pre-wrap break-words rounded-lg px-3 py-1.5 text-sm ${own ? 'bg-blue-600 text-white' : 'bg-gray-700 text-gray-100'} ${message.pending ? 'opacity-60' : ''}`}>
        {message.text}
      </p>
    </li>
  );
}

/**
 * Session chat: history over REST in `seq` order (the latest page, "Load earlier messages" for older
 * ones, holes in the numbering fetched as soon as they show; see useChatHistory), sending over the
 * socket with an ack (REST when the socket is down or the ack times out; the clientId makes the retry
 * safe), typing indicator, join/leave lines.
 * Stays mounted while hidden so the conversation and its system lines are kept.
 */
export default function ChatPanel({ sessionId, user }) {
  const { socket, isConnected } = useVideoSocket();
  const reducers = useMemo(
    () => ({
      // Our own socket's join is not news to us.
      'participant-joined': (list, p) => (p?.socketId && p.socketId === socket?.id ? list : systemLine('joined')(list, p)),
      'participant-left': systemLine('left'),
    }),
    [socket],
  );
  const { messages, setMessages, hasMore, loadingEarlier, loadEarlier } = useChatHistory({ sessionId, socket, isConnected, reducers });
  const typingLine = useTypingIndicator(socket);
  const [text, setText] = useState('');
  const typingTimer = useRef(null);
  const listRef = useRef(null);
  const listEnd = useRef(null);
  // Distance from the bottom before an earlier page is prepended, to keep what the reader sees in place.
  const keepFromBottom = useRef(null);

  const newestId = messages.at(-1)?._id;
  useEffect(() => {
    listEnd.current?.scrollIntoView?.({ block: 'end' });
  }, [newestId]);

  useLayoutEffect(() => {
    const list = listRef.current;
    if (keepFromBottom.current === null || !list) return;
    list.scrollTop = list.scrollHeight - keepFromBottom.current;
    keepFromBottom.current = null;
  }, [messages]);

  const handleLoadEarlier = async () => {
    const list = listRef.current;
    keepFromBottom.current = list ? list.scrollHeight - list.scrollTop : null;
    try {
      await loadEarlier();
    } catch (error) {
      keepFromBottom.current = null;
      logger.error('[ChatPanel] Could not load earlier messages', { sessionId, error: error.message });
      toast.error(`Could not load earlier messages: ${errorMessage(error)}`);
    }
  };

  const setTyping = (isTyping) => {
    if (isConnected) socket.emit('typing', { isTyping });
  };

  const handleChange = (event) => {
    setText(event.target.value);
    if (!typingTimer.current) setTyping(true);
    clearTimeout(typingTimer.current);
    typingTimer.current = setTimeout(() => {
      typingTimer.current = null;
      setTyping(false);
    }, TYPING_IDLE_MS);
  };

  useEffect(() => () => clearTimeout(typingTimer.current), []);

  const handleSend = async (event) => {
    event.preventDefault();
    const body = text.trim();
    if (!body) return;
    setText('');
    if (typingTimer.current) {
      clearTimeout(typingTimer.current);
      typingTimer.current = null;
      setTyping(false);
    }
    const clientId = newClientId();
    const payload = { text: body, clientId };
    const placeholder = {
      _id: `temp-${clientId}`,
      clientId,
      text: body,
      userId: user?._id,
      userName: user?.name,
      createdAt: new Date().toISOString(),
      pending: true,
    };
    setMessages((prev) => [...prev, placeholder]);
    logger.info('[ChatPanel] Optimistically added message', { sessionId, clientId });
    try {
      let message;
      try {
        if (!isConnected) throw new Error('socket not connected');
        message = await sendOverSocket(socket, payload);
      } catch (error) {
        if (error.rejected) throw error;
        logger.warn('[ChatPanel] Sending over REST', { reason: error.message });
        message = (await api.post(`/api/sessions/${sessionId}/messages`, payload)).data;
      }
      setMessages((prev) => insertMessage(prev, message));
    } catch (error) {
      setMessages((prev) => prev.filter((m) => m._id !== placeholder._id));
      logger.error('[ChatPanel] Send error, rolled back', { error: error.message });
      toast.error(`Message not sent: ${errorMessage(error)}`);
      setText((current) => current || body);
    }
  };

  return (
    <div className="flex min-h-0 flex-1 flex-col">
      <ul ref={listRef} className="flex min-h-0 flex-1 flex-col gap-2 overflow-y-auto p-4" aria-label="Messages" aria-live="polite">
        {hasMore && (
          <li className="flex justify-center">
            <button
              type="button"
              onClick={handleLoadEarlier}
              disabled={loadingEarlier}
              className="rounded bg-gray-700 px-3 py-1 text-xs text-gray-200 hover:bg-gray-600 disabled:opacity-50"
            >
              {loadingEarlier ? 'Loading…' : 'Load earlier messages'}
            </button>
          </li>
        )}
        {messages.map((message) => (
          <Message key={message._id} message={message} own={!message.system && message.userId === user?._id} />
        ))}
        <li ref={listEnd} aria-hidden="true" />
      </ul>
      <p className="h-5 px-4 text-xs italic text-gray-400" data-testid="typing-indicator">
        {typingLine}
      </p>
      <form onSubmit={handleSend} className="flex gap-2 border-t border-gray-700 p-3">
        <input
          value={text}
          onChange={handleChange}
          placeholder="Type a message"
          aria-label="Message"
          maxLength={2000}
          className="min-w-0 flex-1 rounded bg-gray-700 px-3 py-2 text-sm text-white placeholder-gray-400"
        />
        <button type="submit" aria-label="Send message" disabled={!text.trim()} className="rounded bg-blue-600 p-2 text-white hover:bg-blue-700 disabled:opacity-40">
          <Send size={18} />
        </button>
      </form>
    </div>
  );
}
