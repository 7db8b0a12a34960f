namespace VideoConf.Domain;

internal enum VoteStatus
{
    Voted,
    PollNotFound,
    AlreadyVoted,
    InvalidOption,
}

/// <summary>The result of one vote attempt; <see cref="Poll"/> is the poll after the vote when it counted.</summary>
internal sealed record VoteOutcome(VoteStatus Status, Poll? Poll = null);
