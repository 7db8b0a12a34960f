import { useCallback, useEffect, useRef, useState } from 'react';
import { useNavigate } from 'react-router-dom';
import toast from 'react-hot-toast';
import { Copy } from 'lucide-react';
import { useVideoSocket } from '../contexts/SocketContext';
import useLiveCollection from '../hooks/useLiveCollection';
import useVideoConference from '../hooks/useVideoConference';
import api, { errorMessage } from '../lib/api';
import { removeItem, upsert } from '../lib/collections';
import { inviteLink } from '../lib/links';
import logger from '../utils/logger';
import ChatPanel from './ChatPanel';
import ConnectionStatus from './ConnectionStatus';
import ControlBar from './ControlBar';
import ParticipantsPanel from './ParticipantsPanel';
import PollPanel from './PollPanel';
import ResourcePanel from './ResourcePanel';
import SidePanel from './SidePanel';
import VideoGrid from './VideoGrid';

// Counts follow server events only (never the optimistic adds, which would count an upload twice) and
// are kept as sets of ids: an event seen twice changes nothing, a delete we never saw added cannot
// take a count below zero.
const resourceReducers = { 'resource-uploaded': upsert, 'resource-deleted': removeItem };
const pollReducers = { 'poll-created': upsert, 'poll-deleted': removeItem };

const PANEL_TITLES = { resources: 'Resources', polls: 'Polls', chat: 'Chat', participants: 'Participants' };

// ICE servers are deployment configuration (a JSON array); none are needed on one host or a LAN.
const ICE_SERVERS = JSON.parse(import.meta.env.VITE_ICE_SERVERS ?? '[]');

// Messages from others that arrived while the chat panel was closed.
function useUnreadChat(socket, userId, chatOpen) {
  const [unread, setUnread] = useState(() => new Set());
  const open = useRef(chatOpen);

  useEffect(() => {
    open.current = chatOpen;
    if (chatOpen) setUnread((prev) => (prev.size ? new Set() : prev));
  }, [chatOpen]);

  useEffect(() => {
    if (!socket) return undefined;
    const onMessage = (message) => {
      if (open.current || !message?._id || message.userId === userId) return;
      setUnread((prev) => (prev.has(message._id) ? prev : new Set(prev).add(message._id)));
    };
    socket.on('chat-message-added', onMessage);
    return () => socket.off('chat-message-added', onMessage);
  }, [socket, userId]);

  return unread.size;
}

export default function VideoConference({ session, user, token }) {
  const sessionId = session._id;
  const isCoach = user.role === 'coach';
  const navigate = useNavigate();
  const { socket, isConnected } = useVideoSocket();
  const [activePanel, setActivePanel] = useState(null);

  const loadResources = useCallback(() => api.get(`/api/sessions/${sessionId}/resources`).then((r) => r.data), [sessionId]);
  const loadPolls = useCallback(() => api.get(`/api/sessions/${sessionId}/polls`).then((r) => r.data), [sessionId]);
  const resourceCount = useLiveCollection({ name: 'VideoConference:resources', socket, isConnected, load: loadResources, reducers: resourceReducers }).items.length;
  const pollCount = useLiveCollection({ name: 'VideoConference:polls', socket, isConnected, load: loadPolls, reducers: pollReducers }).items.length;
  const unreadCount = useUnreadChat(socket, user._id, activePanel === 'chat');

  const conference = useVideoConference(sessionId, token, { iceServers: ICE_SERVERS, userId: user._id }, socket);
  const { hangUp } = conference;
  const isHost = Boolean(session.hostId) && session.hostId === user._id;
  const [ending, setEnding] = useState(false);
  const ended = useRef(false);
  const leaving = useRef(false);

  // Everyone's way out of an ended session (the event, the server's disconnect, the host's own
  // request): once only, media and peers stopped at once, then home with the news.
  const endConference = useCallback(
    (why) => {
      if (ended.current) return;
      ended.current = true;
      logger.info('[VideoConference] Session ended, leaving', { sessionId, why });
      hangUp();
      socket?.disconnect();
      toast('The session has ended', { id: 'session-ended' });
      navigate('/', { replace: true });
    },
    [hangUp, navigate, sessionId, socket],
  );

  useEffect(() => {
    if (!socket) return undefined;
    let active = true;
    // The server closed our connection, or will not let us back in: if that is because the session
    // ended (its event missed, say while offline), leave; otherwise try again.
    const checkEnded = async (reconnect) => {
      try {
        const { data } = await api.get(`/api/sessions/${sessionId}`);
        if (!active || ended.current || leaving.current) return;
        if (data?.status === 'ended') endConference('status');
        else if (reconnect) socket.connect();
      } catch (error) {
        logger.warn('[VideoConference] Could not check the session after a disconnect', { sessionId, error: error.message });
      }
    };
    const onEnded = (payload) => {
      if (payload?._id && payload._id !== sessionId) return;
      endConference('session-ended');
    };
    const onDisconnect = (reason) => {
      if (reason === 'io server disconnect' && !ended.current && !leaving.current) checkEnded(true);
    };
    const onConnectError = (error) => {
      if (error?.message === 'forbidden' && !ended.current && !leaving.current) checkEnded(false);
    };
    socket.on('session-ended', onEnded);
    socket.on('disconnect', onDisconnect);
    socket.on('connect_error', onConnectError);
    return () => {
      active = false;
      socket.off('session-ended', onEnded);
      socket.off('disconnect', onDisconnect);
      socket.off('connect_error', onConnectError);
    };
  }, [socket, sessionId, endConference]);

  const handleEndSession = async () => {
    setEnding(true);
    try {
      await api.post(`/api/sessions/${sessionId}/end`);
      endConference('ended by us');
    } catch (error) {
      // 409: someone (another tab of the host) ended it first; it has ended all the same.
      if (error.response?.status === 409) {
        endConference('already ended');
        return;
      }
      logger.error('[VideoConference] End request failed', { sessionId, error: error.message });
      toast.error(`Could not end the session: ${errorMessage(error)}`);
      setEnding(false);
    }
  };

  const togglePanel = (panel) => setActivePanel((current) => (current === panel ? null : panel));

  const handleLeave = async () => {
    leaving.current = true;
    try {
      await conference.leave();
    } catch (error) {
      logger.error('[VideoConference] Leave request failed', { sessionId, error: error.message });
      toast.error(`Could not leave cleanly: ${errorMessage(error)}`);
    }
    navigate('/');
  };

  const copyInvite = () =>
    navigator.clipboard
      .writeText(inviteLink(sessionId))
      .then(() => toast.success('Invite link copied'))
      .catch(() => toast.error('Could not copy the link'));

  const self = { userId: user._id, name: user.name, role: user.role, handRaised: conference.handRaised, isActive: true };
  const closePanel = () => setActivePanel(null);

  return (
    <div className="flex h-screen flex-col bg-gray-900 text-gray-100">
      <header className="flex flex-wrap items-center justify-between gap-2 border-b border-gray-800 px-4 py-2">
        <h1 className="truncate text-base font-semibold text-white">{session.title}</h1>
        <div className="flex items-center gap-2">
          <button type="button" onClick={copyInvite} className="flex items-center gap-1 rounded bg-gray-800 px-2 py-1 text-xs text-gray-300 hover:bg-gray-700">
            <Copy size={14} /> Copy invite link
          </button>
          <ConnectionStatus />
        </div>
      </header>

      <main className="flex min-h-0 flex-1">
        <div className={`${activePanel ? 'hidden md:flex' : 'flex'} min-w-0 flex-1`}>
          <VideoGrid
            localStream={conference.localStream}
            mediaError={conference.mediaError}
            isCameraOff={conference.isCameraOff}
            remoteStreams={conference.remoteStreams}
            participants={conference.participants}
          />
        </div>
        {activePanel && activePanel !== 'chat' && (
          <SidePanel title={activePanel === 'resources' && !isCoach ? 'Shared files' : PANEL_TITLES[activePanel]} onClose={closePanel}>
            {activePanel === 'resources' && <ResourcePanel sessionId={sessionId} canManage={isCoach} />}
            {activePanel === 'polls' && <PollPanel sessionId={sessionId} userId={user._id} canManage={isCoach} />}
            {activePanel === 'participants' && <ParticipantsPanel self={self} participants={conference.participants} />}
          </SidePanel>
        )}
        {/* Chat stays mounted while hidden so the conversation and its join/leave lines are kept. */}
        <SidePanel title="Chat" onClose={closePanel} hidden={activePanel !== 'chat'}>
          <ChatPanel sessionId={sessionId} user={user} />
        </SidePanel>
      </main>

      <ControlBar
        isCoach={isCoach}
        isHost={isHost}
        ending={ending}
        onEndSession={handleEndSession}
        activePanel={activePanel}
        togglePanel={togglePanel}
        resourceCount={resourceCount}
        pollCount={pollCount}
        unreadCount={unreadCount}
        isMuted={conference.isMuted}
        isCameraOff={conference.isCameraOff}
        hasAudio={Boolean(conference.localStream?.getAudioTracks().length)}
        hasVideo={Boolean(conference.localStream?.getVideoTracks().length)}
        handRaised={conference.handRaised}
        onToggleMute={conference.toggleMute}
        onToggleCamera={conference.toggleCamera}
        onToggleHand={conference.toggleHand}
        onLeave={handleLeave}
      />
    </div>
  );
}
