import { useCallback, useRef } from 'react';
import toast from 'react-hot-toast';
import { Download, FileText, Loader2, Trash2, Upload } from 'lucide-react';
import { useVideoSocket } from '../contexts/SocketContext';
import useLiveCollection from '../hooks/useLiveCollection';
import api, { errorMessage } from '../lib/api';
import { confirm, isTemp, reconcile, removeItem, restore, tempId } from '../lib/collections';
import logger from '../utils/logger';

// An upload's placeholder is confirmed by the server's copy of the same file.
const sameFile = (placeholder, resource) => placeholder.name === resource.name && placeholder.size === resource.size;

const reducers = {
  'resource-uploaded': (list, resource) => reconcile(list, resource, sameFile),
  'resource-deleted': removeItem,
};

const formatSize = (bytes = 0) =>
  bytes < 1024 ? `${bytes} B` : bytes < 1024 ** 2 ? `${(bytes / 1024).toFixed(1)} KB` : `${(bytes / 1024 ** 2).toFixed(1)} MB`;

async function download(sessionId, resource) {
  // The download route wants the bearer token, which a plain link cannot send.
  const { data } = await api.get(`/api/sessions/${sessionId}/resources/${resource._id}/download`, { responseType: 'blob' });
  const url = URL.createObjectURL(data);
  const link = Object.assign(document.createElement('a'), { href: url, download: resource.name });
  link.click();
  URL.revokeObjectURL(url);
}

function ResourceItem({ resource, canManage, onDownload, onDelete }) {
  const pending = isTemp(resource);
  return (
    <li data-testid="resource-item" className="flex items-center gap-3 rounded-lg bg-gray-700 px-3 py-2">
      <FileText size={18} className="shrink-0 text-gray-300" aria-hidden="true" />
      <div className="min-w-0 flex-1">
        <p className="truncate text-sm text-white" title={resource.name}>
          {resource.name}
        </p>
        {pending ? (
          <div className="mt-1 h-1.5 w-full overflow-hidden rounded bg-gray-600" role="progressbar" aria-label={`Uploading ${resource.name}`} aria-valuenow={resource.progress}>
            <div className="h-full bg-blue-500 transition-all" style={{ width: `${resource.progress}%` }} />
          </div>
        ) : (
          <p className="text-xs text-gray-400">{formatSize(resource.size)}</p>
        )}
      </div>
      {pending ? (
        <Loader2 size={16} className="animate-spin text-gray-400" aria-label="Uploading" />
      ) : (
        <>
          <button type="button" onClick={() => onDownload(resource)} aria-label={`Download ${resource.name}`} className="rounded p-1 text-gray-300 hover:bg-gray-600 hover:text-white">
            <Download size={16} />
          </button>
          {canManage && (
            <button type="button" onClick={() => onDelete(resource)} aria-label={`Delete ${resource.name}`} className="rounded p-1 text-gray-300 hover:bg-gray-600 hover:text-red-400">
              <Trash2 size={16} />
            </button>
          )}
        </>
      )}
    </li>
  );
}

/** The session's files, live. Coaches upload and delete; everyone downloads. */
export default function ResourcePanel({ sessionId, canManage = false }) {
  const { socket, isConnected } = useVideoSocket();
  const load = useCallback(() => api.get(`/api/sessions/${sessionId}/resources`).then((r) => r.data), [sessionId]);
  const { items: resources, setItems: setResources, status } = useLiveCollection({
    name: 'ResourcePanel',
    socket,
    isConnected,
    load,
    reducers,
  });
  const fileInput = useRef(null);

  const uploadFile = async (file) => {
    const placeholder = { _id: tempId(), name: file.name, size: file.size, contentType: file.type, progress: 0 };
    setResources((prev) => [...prev, placeholder]);
    logger.info('[ResourcePanel] Optimistically added resource', { sessionId, tempId: placeholder._id });
    const form = new FormData();
    form.append('file', file);
    try {
      const { data } = await api.post(`/api/sessions/${sessionId}/resources`, form, {
        onUploadProgress: ({ loaded, total }) => {
          const progress = total ? Math.round((loaded / total) * 100) : 0;
          setResources((prev) => prev.map((r) => (r._id === placeholder._id ? { ...r, progress } : r)));
        },
      });
      setResources((prev) => confirm(prev, placeholder._id, data));
      toast.success(`Uploaded ${file.name}`);
    } catch (error) {
      setResources((prev) => prev.filter((r) => r._id !== placeholder._id));
      logger.error('[ResourcePanel] Upload error, rolled back', { sessionId, error: error.message });
      toast.error(`Upload failed: ${errorMessage(error)}`);
    }
  };

  const handleFiles = (event) => {
    const files = Array.from(event.target.files ?? []);
    event.target.value = ''; // choosing the same file again must fire another change
    files.forEach(uploadFile);
  };

  const handleDeleteResource = async (resource) => {
    const index = resources.findIndex((r) => r._id === resource._id);
    setResources((prev) => removeItem(prev, resource));
    try {
      await api.delete(`/api/sessions/${sessionId}/resources/${resource._id}`);
      toast.success(`Deleted ${resource.name}`);
    } catch (error) {
      // Someone else deleted it first: gone is the outcome we wanted.
      if (error.response?.status === 404) return;
      setResources((prev) => restore(prev, resource, index));
      logger.error('[ResourcePanel] Delete error, rolled back', { sessionId, error: error.message });
      toast.error(`Delete failed: ${errorMessage(error)}`);
    }
  };

  const handleDownload = (resource) =>
    download(sessionId, resource).catch((error) => toast.error(`Download failed: ${errorMessage(error)}`));

  return (
    <div className="flex min-h-0 flex-1 flex-col gap-3 p-4">
      {canManage && (
        <>
          <input ref={fileInput} type="file" multiple className="sr-only" aria-label="Upload file" onChange={handleFiles} />
          <button
            type="button"
            onClick={() => fileInput.current?.click()}
            className="flex items-center justify-center gap-2 rounded-lg bg-blue-600 px-3 py-2 text-sm font-medium text-white hover:bg-blue-700"
          >
            <Upload size={16} /> Upload files
          </button>
        </>
      )}
      {status === 'error' && <p className="text-sm text-red-400">Could not load the files.</p>}
      {status === 'ready' && resources.length === 0 && <p className="text-sm text-gray-400">No files shared yet.</p>}
      <ul className="flex min-h-0 flex-1 flex-col gap-2 overflow-y-auto" aria-label="Files">
        {resources.map((resource) => (
          <ResourceItem key={resource._id} resource={resource} canManage={canManage} onDownload={handleDownload} onDelete={handleDeleteResource} />
        ))}
      </ul>
    </div>
  );
}
