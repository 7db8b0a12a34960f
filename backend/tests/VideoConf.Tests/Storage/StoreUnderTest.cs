using VideoConf.Storage.Contract;

namespace VideoConf.Tests.Storage;

/// <summary>One store implementation's repositories, as the contract tests use them.</summary>
internal sealed class StoreUnderTest(
    ISessionRepository sessions,
    IResourceRepository resources,
    IPollRepository polls,
    IMessageRepository messages,
    IFileStore files,
    IHealthProbe health,
    Func<ValueTask>? dispose = null) : IAsyncDisposable
{
    public ISessionRepository Sessions { get; } = sessions;
    public IResourceRepository Resources { get; } = resources;
    public IPollRepository Polls { get; } = polls;
    public IMessageRepository Messages { get; } = messages;
    public IFileStore Files { get; } = files;
    public IHealthProbe Health { get; } = health;

    public ValueTask DisposeAsync() => dispose?.Invoke() ?? ValueTask.CompletedTask;
}
