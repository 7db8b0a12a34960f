using Microsoft.Extensions.Logging.Abstractions;
using VideoConf.Storage.Contract;
using VideoConf.Storage.Embedded;
using VideoConf.Tests.Infrastructure;

namespace VideoConf.Tests.Storage;

/// <summary>The repository contract against the embedded LiteDB store in a temp data folder.</summary>
public sealed class LiteDbRepositoryContractTests : RepositoryContract
{
    private readonly TempFolder _folder = new();

    internal override Task<StoreUnderTest> OpenAsync() => Task.FromResult(Open());

    internal override Task<StoreUnderTest> OpenAgainAsync() => Task.FromResult(Open());

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        _folder.Dispose();
    }

    private StoreUnderTest Open()
    {
        var data = new DataFolder(_folder.Path);
        var store = new LiteStore(data);
        return new StoreUnderTest(
            new LiteSessionRepository(store),
            new LiteResourceRepository(store),
            new LitePollRepository(store),
            new LiteMessageRepository(store),
            new DiskFileStore(data),
            new LiteHealthProbe(store, NullLogger<LiteHealthProbe>.Instance),
            () =>
            {
                store.Dispose();
                return ValueTask.CompletedTask;
            });
    }

    [Fact]
    public async Task Data_survives_closing_and_reopening_the_file()
    {
        var session = NewSession();
        await Store.Sessions.CreateAsync(session, Ct);
        await Store.Messages.AddAsync(NewMessage(session.Id, "u1", "kept", clientId: "c1"), Ct);
        await Store.DisposeAsync();

        await using var reopened = Open();
        Assert.Equal(session.Title, (await reopened.Sessions.GetAsync(session.Id, Ct))?.Title);
        var again = await reopened.Messages.AddAsync(NewMessage(session.Id, "u1", "kept (retry)", clientId: "c1"), Ct);
        Assert.False(again.Created);
        Assert.Equal(2, (await reopened.Messages.AddAsync(NewMessage(session.Id, "u1", "next"), Ct)).Message.Seq);
    }
}
