import { useCallback, useEffect, useRef, useState } from 'react';
import api from '../lib/api';
import logger from '../utils/logger';

// Camera and microphone if we can, either one alone if that is all there is, else nothing: the
// conference (chat, polls, files, the others' video) stays usable without any device.
async function acquireMedia() {
  if (!navigator.mediaDevices?.getUserMedia) {
    return { stream: null, error: 'Camera and microphone need a secure (HTTPS or localhost) page.' };
  }
  const attempts = [
    [{ video: true, audio: true }, null],
    [{ audio: true }, 'No camera available: others can hear you but not see you.'],
    [{ video: true }, 'No microphone available: others can see you but not hear you.'],
  ];
  for (const [constraints, note] of attempts) {
    try {
      return { stream: await navigator.mediaDevices.getUserMedia(constraints), error: note };
    } catch (error) {
      logger.warn('[useVideoConference] getUserMedia failed', { constraints, error: error.name });
    }
  }
  return { stream: null, error: 'No camera or microphone available: you can still watch, chat and vote.' };
}

// The server's list may already say who has a hand up or is away; a join event usually does not.
const toParticipant = ({ userId, name, role, socketId, handRaised = false, isActive = true }) => ({
  userId,
  name,
  role,
  socketId,
  handRaised: Boolean(handRaised),
  isActive: Boolean(isActive),
});

/**
 * Media, the WebRTC mesh and presence for one conference, on the shared socket (seed 000, step 6).
 * Returns the local stream, remote streams keyed by the peer's socket id, the other participants and
 * the local controls.
 */
export default function useVideoConference(sessionId, token, config = {}, socket) {
  const { iceServers = [], userId } = config;
  const iceKey = JSON.stringify(iceServers);

  const [localStream, setLocalStream] = useState(null);
  const [mediaError, setMediaError] = useState(null);
  const [remoteStreams, setRemoteStreams] = useState({});
  const [participants, setParticipants] = useState([]);
  const [isMuted, setIsMuted] = useState(false);
  const [isCameraOff, setIsCameraOff] = useState(false);
  const [handRaised, setHandRaised] = useState(false);
  // Resolves once getUserMedia has settled; peers wait for it so every offer and answer carries our tracks.
  const media = useRef(Promise.resolve(null));
  // Closes every peer connection and drops the signalling listeners; set by the signalling effect.
  const closePeers = useRef(() => {});

  useEffect(() => {
    let cancelled = false;
    let acquired = null;
    media.current = acquireMedia().then(({ stream, error }) => {
      if (cancelled) {
        stream?.getTracks().forEach((track) => track.stop());
        return null;
      }
      acquired = stream;
      setLocalStream(stream);
      setMediaError(error);
      return stream;
    });
    return () => {
      cancelled = true;
      acquired?.getTracks().forEach((track) => track.stop());
    };
  }, []);

  useEffect(() => {
    if (!socket) return undefined;
    const rtcConfig = { iceServers: JSON.parse(iceKey) };
    const peers = new Map();
    let known = [];

    // The server relays `from` as a socket id; accept a user id too by mapping it to that user's socket.
    const peerKey = (id) =>
      peers.has(id) || known.some((p) => p.socketId === id) ? id : (known.find((p) => p.userId === id)?.socketId ?? id);

    // Each peer's signalling steps run strictly in order: a candidate must not be added before the
    // description it belongs to has been applied.
    const enqueue = (peer, step) => {
      peer.queue = peer.queue.then(step).catch((error) => {
        logger.error('[useVideoConference] Signalling step failed', { peer: peer.id, error: error.message });
      });
    };

    const closePeer = (id) => {
      const peer = peers.get(id);
      if (!peer) return;
      peer.pc.close();
      peers.delete(id);
      setRemoteStreams(({ [id]: _closed, ...rest }) => rest);
    };

    const getPeer = (id) => {
      if (peers.has(id)) return peers.get(id);
      const pc = new RTCPeerConnection(rtcConfig);
      const peer = { id, pc, queue: Promise.resolve() };
      peers.set(id, peer);
      pc.onicecandidate = ({ candidate }) => {
        if (candidate) socket.emit('signal', { to: id, data: { candidate: candidate.toJSON() } });
      };
      pc.ontrack = ({ streams, track }) => {
        const stream = streams[0] ?? new MediaStream([track]);
        setRemoteStreams((prev) => (prev[id] === stream ? prev : { ...prev, [id]: stream }));
      };
      pc.onconnectionstatechange = () => {
        logger.info('[useVideoConference] Peer connection state', { peer: id, state: pc.connectionState });
      };
      enqueue(peer, async () => {
        const stream = await media.current;
        stream?.getTracks().forEach((track) => pc.addTrack(track, stream));
      });
      return peer;
    };

    // Only the newer participant offers (to everyone already present); the others only answer, so two
    // peers never send each other offers at the same time.
    const callPeer = (id) => {
      const peer = getPeer(id);
      enqueue(peer, async () => {
        const { pc } = peer;
        // Ask to receive both kinds even when we have no device of that kind ourselves.
        for (const kind of ['audio', 'video']) {
          if (!pc.getTransceivers().some((t) => t.receiver.track.kind === kind)) {
            pc.addTransceiver(kind, { direction: 'recvonly' });
          }
        }
        await pc.setLocalDescription(await pc.createOffer());
        socket.emit('signal', { to: id, data: { description: pc.localDescription.toJSON() } });
      });
    };

    const onSignal = ({ from, data } = {}) => {
      if (!from || !data) return;
      const peer = getPeer(peerKey(from));
      enqueue(peer, async () => {
        const { pc } = peer;
        if (data.description) {
          await pc.setRemoteDescription(data.description);
          if (data.description.type === 'offer') {
            await pc.setLocalDescription(await pc.createAnswer());
            socket.emit('signal', { to: peer.id, data: { description: pc.localDescription.toJSON() } });
          }
        } else if (data.candidate) {
          await pc.addIceCandidate(data.candidate);
        }
      });
    };

    // `known` mirrors the state so handlers can read the current list without a stale closure.
    const setKnown = (next) => {
      known = next;
      setParticipants(next);
    };

    const onParticipants = (list = []) => {
      // A fresh list means a fresh connection: the others have dropped whatever we had with our old socket.
      [...peers.keys()].forEach(closePeer);
      setKnown(list.filter((p) => p.socketId !== socket.id).map(toParticipant));
      known.forEach((p) => callPeer(p.socketId ?? p.userId));
    };
    const onJoined = (p) => {
      if (!p || p.socketId === socket.id) return;
      setKnown([...known.filter((x) => x.socketId !== p.socketId), toParticipant(p)]);
    };
    const onLeft = (p) => {
      if (!p) return;
      const gone = known.filter((x) => (p.socketId ? x.socketId === p.socketId : x.userId === p.userId));
      setKnown(known.filter((x) => !gone.includes(x)));
      gone.forEach((x) => closePeer(x.socketId ?? x.userId));
    };
    const updateUser = (id, change) => setKnown(known.map((x) => (x.userId === id ? { ...x, ...change } : x)));
    const onHandRaised = ({ userId: id } = {}) => {
      if (id === userId) setHandRaised(true);
      updateUser(id, { handRaised: true });
    };
    const onHandLowered = ({ userId: id } = {}) => {
      if (id === userId) setHandRaised(false);
      updateUser(id, { handRaised: false });
    };
    const onActivity = ({ userId: id, isActive } = {}) => updateUser(id, { isActive: Boolean(isActive) });
    const onVisibility = () => socket.emit('activity-status', { isActive: !document.hidden });

    const handlers = {
      signal: onSignal,
      participants: onParticipants,
      'participant-joined': onJoined,
      'participant-left': onLeft,
      'hand-raised': onHandRaised,
      'hand-lowered': onHandLowered,
      'user-activity-changed': onActivity,
    };
    Object.entries(handlers).forEach(([event, handler]) => socket.on(event, handler));
    document.addEventListener('visibilitychange', onVisibility);
    logger.info('[useVideoConference] Set up signalling listeners', { sessionId });

    let closed = false;
    const teardown = () => {
      if (closed) return;
      closed = true;
      Object.entries(handlers).forEach(([event, handler]) => socket.off(event, handler));
      document.removeEventListener('visibilitychange', onVisibility);
      [...peers.keys()].forEach(closePeer);
      setParticipants([]);
      logger.info('[useVideoConference] Cleaned up signalling listeners', { sessionId });
    };
    closePeers.current = teardown;
    return teardown;
  }, [socket, sessionId, userId, iceKey]);

  const toggleMute = useCallback(() => {
    if (!localStream) return;
    const muted = !isMuted;
    localStream.getAudioTracks().forEach((track) => (track.enabled = !muted));
    setIsMuted(muted);
  }, [localStream, isMuted]);

  const toggleCamera = useCallback(() => {
    if (!localStream) return;
    const off = !isCameraOff;
    localStream.getVideoTracks().forEach((track) => (track.enabled = !off));
    setIsCameraOff(off);
  }, [localStream, isCameraOff]);

  const toggleHand = useCallback(() => {
    const raised = !handRaised;
    setHandRaised(raised);
    socket?.emit('raise-hand', { raised });
  }, [socket, handRaised]);

  // The server drops our sockets from the room; the caller navigates away, which closes the peers.
  const leave = useCallback(
    () => api.post(`/api/sessions/${sessionId}/leave`, null, { headers: { Authorization: `Bearer ${token}` } }),
    [sessionId, token],
  );

  // Stop at once (the session ended): peers closed, camera and microphone released. Unmounting would
  // do the same a moment later; this makes sure nothing is still sent meanwhile.
  const hangUp = useCallback(() => {
    closePeers.current();
    media.current.then((stream) => stream?.getTracks().forEach((track) => track.stop()));
    setRemoteStreams({});
  }, []);

  return {
    localStream,
    mediaError,
    remoteStreams,
    participants,
    isMuted,
    isCameraOff,
    handRaised,
    toggleMute,
    toggleCamera,
    toggleHand,
    leave,
    hangUp,
  };
}
