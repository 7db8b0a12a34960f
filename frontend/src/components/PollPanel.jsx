import { useCallback, useState } from 'react';
import toast from 'react-hot-toast';
import { Loader2, Plus, Trash2, X } from 'lucide-react';
import { useVideoSocket } from '../contexts/SocketContext';
import useLiveCollection from '../hooks/useLiveCollection';
import api, { errorMessage } from '../lib/api';
import { confirm, isTemp, reconcile, removeItem, restore, tempId, upsert } from '../lib/collections';
import logger from '../utils/logger';

const MAX_OPTIONS = 6;

// As in seed 000: the created poll confirms the placeholder with the same question and options.
const samePoll = (placeholder, poll) =>
  placeholder.question === poll.question &&
  placeholder.options.map((o) => o.text).join('\n') === (poll.options ?? []).map((o) => o.text).join('\n');

const reducers = {
  'poll-created': (list, poll) => reconcile(list, poll, samePoll),
  'poll-voted': upsert,
  'poll-deleted': removeItem,
};

function CreatePollForm({ onCreate }) {
  const [question, setQuestion] = useState('');
  const [options, setOptions] = useState(['', '']);
  const filled = options.map((o) => o.trim()).filter(Boolean);
  const canSubmit = question.trim() && filled.length >= 2;

  const submit = (event) => {
    event.preventDefault();
    if (!canSubmit) return;
    onCreate({ type: 'multiple', question: question.trim(), options: filled });
    setQuestion('');
    setOptions(['', '']);
  };

  return (
    <form onSubmit={submit} className="flex flex-col gap-2 rounded-lg bg-gray-700 p-3" aria-label="Create poll">
      <input
        value={question}
        onChange={(e) => setQuestion(e.target.value)}
        placeholder="Ask a question"
        aria-label="Poll question"
        className="rounded bg-gray-800 px-2 py-1.5 text-sm text-white placeholder-gray-500"
      />
      {options.map((option, i) => (
        <div key={i} className="flex gap-1">
          <input
            value={option}
            onChange={(e) => setOptions(options.map((o, j) => (j === i ? e.target.value : o)))}
            placeholder={`Option ${i + 1}`}
            aria-label={`Option ${i + 1}`}
            className="min-w-0 flex-1 rounded bg-gray-800 px-2 py-1.5 text-sm text-white placeholder-gray-500"
          />
          {options.length > 2 && (
            <button type="button" onClick={() => setOptions(options.filter((_, j) => j !== i))} aria-label={`Remove option ${i + 1}`} className="rounded p-1 text-gray-400 hover:text-white">
              <X size={14} />
            </button>
          )}
        </div>
      ))}
      <div className="flex justify-between">
        <button
          type="button"
          onClick={() => setOptions([...options, ''])}
          disabled={options.length >= MAX_OPTIONS}
          className="flex items-center gap-1 text-xs text-gray-300 hover:text-white disabled:opacity-40"
        >
          <Plus size={14} /> Add option
        </button>
        <button type="submit" disabled={!canSubmit} className="rounded bg-blue-600 px-3 py-1 text-sm font-medium text-white hover:bg-blue-700 disabled:opacity-40">
          Create poll
        </button>
      </div>
    </form>
  );
}

function PollItem({ poll, userId, pendingVote, canManage, onVote, onDelete }) {
  const pending = isTemp(poll);
  const hasVoted = (poll.voters ?? []).includes(userId);
  // Our vote shows at once; once the server's counts include it, they are the truth.
  const votesFor = (i) => (poll.options[i].votes ?? 0) + (pendingVote === i && !hasVoted ? 1 : 0);
  const total = poll.options.reduce((sum, _, i) => sum + votesFor(i), 0);
  const locked = pending || hasVoted || pendingVote !== undefined;

  return (
    <li data-testid="poll-item" className="rounded-lg bg-gray-700 p-3">
      <div className="mb-2 flex items-start justify-between gap-2">
        <p className="text-sm font-medium text-white">{poll.question}</p>
        {pending && <Loader2 size={14} className="mt-0.5 shrink-0 animate-spin text-gray-400" aria-label="Saving" />}
        {canManage && !pending && (
          <button type="button" onClick={() => onDelete(poll)} aria-label={`Delete poll ${poll.question}`} className="rounded p-1 text-gray-300 hover:bg-gray-600 hover:text-red-400">
            <Trash2 size={14} />
          </button>
        )}
      </div>
      <ul className="flex flex-col gap-1.5">
        {poll.options.map((option, i) => {
          const votes = votesFor(i);
          const share = total ? Math.round((votes / total) * 100) : 0;
          return (
            <li key={i}>
              <button
                type="button"
                data-testid="poll-option"
                onClick={() => onVote(poll, i)}
                disabled={locked}
                aria-label={`Vote ${option.text}`}
                className="relative w-full overflow-hidden rounded bg-gray-800 px-2 py-1.5 text-left text-sm text-gray-100 enabled:hover:bg-gray-600 disabled:cursor-default"
              >
                <span className="absolute inset-y-0 left-0 bg-gray-600" style={{ width: `${share}%` }} aria-hidden="true" />
                <span className="relative flex justify-between gap-2">
                  <span>{option.text}</span>
                  <span data-testid="poll-option-votes">
                    {votes} {votes === 1 ? 'vote' : 'votes'}
                  </span>
                </span>
              </button>
            </li>
          );
        })}
      </ul>
    </li>
  );
}

/** Live polls (seed 000's PollPanel pattern): coaches create and delete, everyone votes once. */
export default function PollPanel({ sessionId, userId, canManage = false }) {
  const { socket, isConnected } = useVideoSocket();
  const load = useCallback(() => api.get(`/api/sessions/${sessionId}/polls`).then((r) => r.data), [sessionId]);
  const { items: polls, setItems: setPolls, status } = useLiveCollection({ name: 'PollPanel', socket, isConnected, load, reducers });
  // pollId -> option index of our vote while its request is in flight.
  const [pendingVotes, setPendingVotes] = useState({});

  const handleCreatePoll = async (pollData) => {
    const placeholder = { ...pollData, _id: tempId(), options: pollData.options.map((text) => ({ text, votes: 0 })), voters: [] };
    setPolls((prev) => [...prev, placeholder]);
    logger.info('[PollPanel] Optimistically added poll', { sessionId, tempPollId: placeholder._id });
    try {
      const { data } = await api.post(`/api/sessions/${sessionId}/polls`, pollData);
      setPolls((prev) => confirm(prev, placeholder._id, data.poll));
      logger.info('[PollPanel] Create poll request successful', { pollId: data.poll._id });
    } catch (error) {
      setPolls((prev) => prev.filter((p) => p._id !== placeholder._id));
      logger.error('[PollPanel] Create poll error, rolled back', { error: error.message });
      toast.error(`Could not create the poll: ${errorMessage(error)}`);
    }
  };

  const settleVote = (pollId) => setPendingVotes(({ [pollId]: _settled, ...rest }) => rest);

  const handleVote = async (poll, optionIndex) => {
    setPendingVotes((prev) => ({ ...prev, [poll._id]: optionIndex }));
    try {
      const { data } = await api.post(`/api/sessions/${sessionId}/polls/${poll._id}/vote`, { optionIndex });
      setPolls((prev) => upsert(prev, data.poll));
    } catch (error) {
      logger.error('[PollPanel] Vote error, rolled back', { pollId: poll._id, error: error.message });
      toast.error(error.response?.status === 409 ? 'You have already voted in this poll.' : `Vote failed: ${errorMessage(error)}`);
    } finally {
      settleVote(poll._id);
    }
  };

  const handleDeletePoll = async (poll) => {
    const index = polls.findIndex((p) => p._id === poll._id);
    setPolls((prev) => removeItem(prev, poll));
    try {
      await api.delete(`/api/sessions/${sessionId}/polls/${poll._id}`);
    } catch (error) {
      if (error.response?.status === 404) return;
      setPolls((prev) => restore(prev, poll, index));
      logger.error('[PollPanel] Delete poll error, rolled back', { error: error.message });
      toast.error(`Could not delete the poll: ${errorMessage(error)}`);
    }
  };

  return (
    <div className="flex min-h-0 flex-1 flex-col gap-3 overflow-y-auto p-4">
      {canManage && <CreatePollForm onCreate={handleCreatePoll} />}
      {status === 'error' && <p className="text-sm text-red-400">Could not load the polls.</p>}
      {status === 'ready' && polls.length === 0 && <p className="text-sm text-gray-400">No polls yet.</p>}
      <ul className="flex flex-col gap-2" aria-label="Polls list">
        {polls.map((poll) => (
          <PollItem
            key={poll._id}
            poll={poll}
            userId={userId}
            pendingVote={pendingVotes[poll._id]}
            canManage={canManage}
            onVote={handleVote}
            onDelete={handleDeletePoll}
          />
        ))}
      </ul>
    </div>
  );
}
