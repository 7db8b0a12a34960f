import { useEffect, useRef, useState } from 'react';
import { CameraOff, VolumeX } from 'lucide-react';
import logger from '../utils/logger';

function RemoteVideo({ stream, name }) {
  const video = useRef(null);
  const [muted, setMuted] = useState(false);

  useEffect(() => {
    const element = video.current;
    element.srcObject = stream;
    // Browsers refuse to autoplay sound before the user has interacted with the page (a deep link
    // opened cold): fall back to playing muted and offer a button to turn the sound on.
    element.play().catch((error) => {
      if (error.name !== 'NotAllowedError') return;
      logger.warn('[VideoGrid] Autoplay with sound blocked, playing muted', { name });
      element.muted = true;
      setMuted(true);
      element.play().catch(() => {});
    });
  }, [stream, name]);

  const unmute = () => {
    video.current.muted = false;
    setMuted(false);
  };

  return (
    <>
      <video data-testid="remote-video" ref={video} autoPlay playsInline className="h-full w-full object-cover" />
      {muted && (
        <button type="button" onClick={unmute} className="absolute right-2 top-2 flex items-center gap-1 rounded bg-gray-900/80 px-2 py-1 text-xs text-white">
          <VolumeX size={14} /> Unmute {name}
        </button>
      )}
    </>
  );
}

function LocalVideo({ stream }) {
  const video = useRef(null);
  useEffect(() => {
    video.current.srcObject = stream;
  }, [stream]);
  // Muted: hearing yourself is an echo. Mirrored, as people expect of a self view.
  return <video ref={video} autoPlay playsInline muted aria-label="Your video" className="h-full w-full -scale-x-100 object-cover" />;
}

function Tile({ label, children }) {
  return (
    <figure className="relative aspect-video overflow-hidden rounded-xl bg-gray-800">
      {children}
      <figcaption className="absolute bottom-2 left-2 rounded bg-gray-900/70 px-2 py-0.5 text-xs text-white">{label}</figcaption>
    </figure>
  );
}

export default function VideoGrid({ localStream, mediaError, isCameraOff, remoteStreams, participants }) {
  const nameOf = (id) => participants.find((p) => (p.socketId ?? p.userId) === id)?.name ?? 'Guest';
  const remotes = Object.entries(remoteStreams);
  return (
    <section aria-label="Videos" className="flex min-h-0 flex-1 flex-col gap-3 overflow-y-auto p-3">
      {mediaError && (
        <p role="status" className="rounded-lg bg-yellow-900/60 px-3 py-2 text-sm text-yellow-100">
          {mediaError}
        </p>
      )}
      <div className={`grid gap-3 ${remotes.length === 0 ? 'grid-cols-1' : 'grid-cols-1 sm:grid-cols-2'} ${remotes.length > 3 ? 'lg:grid-cols-3' : ''}`}>
        <Tile label="You">
          {localStream?.getVideoTracks().length > 0 && !isCameraOff ? (
            <LocalVideo stream={localStream} />
          ) : (
            <div className="flex h-full items-center justify-center text-gray-500">
              <CameraOff size={40} aria-label="Camera off" />
            </div>
          )}
        </Tile>
        {remotes.map(([id, stream]) => (
          <Tile key={id} label={nameOf(id)}>
            <RemoteVideo stream={stream} name={nameOf(id)} />
          </Tile>
        ))}
      </div>
      {remotes.length === 0 && <p className="text-center text-sm text-gray-400">Waiting for others to join…</p>}
    </section>
  );
}
