namespace VideoConf.Realtime;

/// <summary>One connected socket as the participant list shows it.</summary>
internal sealed record ParticipantPresence(string UserId, string Name, string Role, string SocketId, bool HandRaised, bool IsActive);
