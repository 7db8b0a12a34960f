using System.Diagnostics;
using System.Text;
using System.Text.Json;
using Soak.Client;
using Soak.Cluster;

namespace Soak.Scenario;

/// <summary>The outcome of a soak run: every violation found and the summary table.</summary>
public sealed class SoakResult
{
    public List<string> Violations { get; } = [];

    public string Summary { get; set; } = "";

    public bool Passed => Violations.Count == 0;

    public long ActionsDone { get; set; }

    public long EventsReceived { get; set; }

    public List<MemoryReport> Memory { get; } = [];
}

/// <summary>
/// RSS of one server process at the phases of the run, and its managed heap after a forced full GC
/// (<c>GET /api/diagnostics/memory</c>) when every client had connected, after the load and after settling (bytes;
/// null when not measured).
/// </summary>
public sealed record MemoryReport(string Server, long? Start, long? Ready, long? Peak, long? AfterLoad, long? Settled,
    long? ManagedStart = null, long? ManagedAfterLoad = null, long? ManagedSettled = null);

/// <summary>
/// Runs the soak: sessions of a coach and participants producing realistic traffic (chat over the socket with ack,
/// polls created and voted, small uploads, typing, raised hands, activity) for a while, then checks that every client
/// received every event of its session exactly once and in order, against what the REST side recorded, and that the
/// servers' memory came back near where it started.
/// </summary>
public static class SoakRunner
{
    public static async Task<SoakResult> RunAsync(SoakOptions options, CancellationToken ct = default)
    {
        options.Validate();
        var result = new SoakResult();
        var log = options.Log;
        AppCluster? cluster = null;
        var members = new List<Member>();
        try
        {
            List<Uri> urls;
            List<Func<long?>> rss;
            if (options.Urls.Count > 0)
            {
                urls = options.Urls;
                rss = options.Pids.Select(pid => (Func<long?>)(() => ProcStatus.ResidentBytes(pid))).ToList();
            }
            else
            {
                log.WriteLine($"starting {options.Processes} VideoConf process(es){(options.Processes > 1 ? " on Redis" : "")}...");
                // The diagnostics endpoint (a forced GC, then the exact managed heap) is for loopback callers only; every
                // process the tool starts has it on, and the tool calls each one directly.
                var settings = new Dictionary<string, string?>(options.ServerSettings) { ["Diagnostics__Enabled"] = "true" };
                cluster = await AppCluster.StartAsync(options.Processes, settings: settings, ct: ct);
                urls = cluster.Apps.Select(a => a.BaseAddress).ToList();
                rss = cluster.Apps.Select(a => (Func<long?>)a.ResidentBytes).ToList();
                if (cluster.Redis is not null) await cluster.WaitForRedisHealthyAsync(TimeSpan.FromSeconds(30), ct);
            }
            var names = urls.Select((u, i) => $"{(char)('A' + i)} {u.Authority}").ToList();
            // Servers the tool started must answer /api/diagnostics/memory; given ones may not have it on (RSS only).
            var memory = new MemoryTracker(names, rss, urls, managedRequired: cluster is not null);
            memory.Start = memory.Sample();

            // ---------------------------------------------------------------- set up sessions over REST
            var sessions = new List<SessionRun>();
            for (var s = 0; s < options.Sessions; s++)
            {
                var coach = await ApiUser.LoginAsync(urls[s % urls.Count], $"Coach {s}", "coach", ct);
                var sessionId = await coach.CreateSessionAsync($"Soak session {s}", ct);
                var run = new SessionRun(s, sessionId);
                for (var j = 0; j < options.Participants; j++)
                {
                    // Members of one session are spread over the servers, so every event crosses processes.
                    var server = urls[(s + j) % urls.Count];
                    var user = j == 0 ? coach : await ApiUser.LoginAsync(server, $"P{s}.{j}", "participant", ct);
                    if (j > 0) await user.JoinAsync(sessionId, ct);
                    run.Members.Add(new Member(run, j, user, new Random(HashCode.Combine(options.Seed, s, j))));
                }
                sessions.Add(run);
                members.AddRange(run.Members);
            }

            // ---------------------------------------------------------------- connect every socket
            log.WriteLine($"connecting {members.Count} sockets...");
            using (var limit = new SemaphoreSlim(8))
            {
                await Task.WhenAll(members.Select(async m =>
                {
                    await limit.WaitAsync(ct);
                    try
                    {
                        await m.ConnectAsync(urls, ct);
                    }
                    finally
                    {
                        limit.Release();
                    }
                }));
            }
            await Task.WhenAll(members.Select(m => m.Observer.Ready.Task)).WaitAsync(TimeSpan.FromSeconds(30), ct);
            memory.Ready = memory.Sample();

            // ---------------------------------------------------------------- warm-up, then the managed baseline
            // A short burst of the same traffic (each coach also makes one poll and one upload, and posts a REST
            // marker through every server, read back over REST), so that the baseline already holds what the first
            // use of each code path builds once (about 17 MB of caches, pools and lazily created services: without
            // it the heap went from 3 MB to 20 MB whether the traffic lasted 10 s or 60 s). Its events are checked
            // like the rest.
            log.WriteLine($"warm-up: {options.WarmUp.TotalSeconds:0} s");
            var warmUntil = DateTime.UtcNow + options.WarmUp;
            await Task.WhenAll(members.Select(m => m.WarmUpAsync(options, warmUntil, ct)));
            foreach (var run in sessions)
            {
                foreach (var url in urls)
                {
                    var marker = $"marker-warmup-{run.Index}-{url.Port}-{Guid.NewGuid():N}";
                    await run.Coach.Api.On(url).SendMessageAsync(run.Id, marker, ct: ct);
                    run.Markers.Add(marker);
                }
                await run.Coach.Api.AllMessagesAsync(run.Id, ct);
                await run.Coach.Api.GetAsync($"/api/sessions/{run.Id}/polls", ct);
                await run.Coach.Api.GetAsync($"/api/sessions/{run.Id}/resources", ct);
            }
            try
            {
                await Wait.UntilAsync(() => members.All(m => m.Run.Markers.All(m.Observer.HasMarker)),
                    "every client to receive the warm-up markers", options.DrainTimeout, ct);
            }
            catch (TimeoutException)
            {
                // The drain below waits for these markers too and reports what is missing.
            }
            // The managed baseline (a forced GC on each server, between two phases: nothing is in flight).
            memory.ManagedStart = await memory.MeasureManagedAsync("start", ct);

            // ---------------------------------------------------------------- traffic
            log.WriteLine($"traffic: {options.Sessions} sessions x {options.Participants} members for {options.Duration}, seed {options.Seed}");
            var clock = Stopwatch.StartNew();
            using var sampling = new CancellationTokenSource();
            var sampler = memory.SampleUntilAsync(sampling.Token);
            var progress = ProgressAsync(options, members, clock, sampling.Token);
            var deadline = DateTime.UtcNow + options.Duration;
            await Task.WhenAll(members.Select(m => m.RunAsync(options, deadline, ct)));
            // Every member ends with an acknowledged chat: the server has handled everything the socket sent before.
            await Task.WhenAll(members.Select(m => m.ChatAsync(final: true)));
            sampling.Cancel();
            await sampler;
            await progress;
            log.WriteLine($"traffic done after {clock.Elapsed.TotalSeconds:0.0} s; draining");

            // ---------------------------------------------------------------- drain: markers through every server
            foreach (var run in sessions)
            {
                foreach (var url in urls)
                {
                    var marker = $"marker-{run.Index}-{url.Port}-{Guid.NewGuid():N}";
                    await run.Coach.Api.On(url).SendMessageAsync(run.Id, marker, ct: ct);
                    run.Markers.Add(marker);
                }
            }
            try
            {
                await Wait.UntilAsync(() => members.All(m => m.Run.Markers.All(m.Observer.HasMarker)),
                    "every client to receive the end markers", options.DrainTimeout, ct);
            }
            catch (TimeoutException ex)
            {
                result.Violations.Add(ex.Message);
            }

            // ---------------------------------------------------------------- the truth, then the checks
            foreach (var run in sessions) await run.LoadTruthAsync(ct);
            // A safety net for late deliveries across processes; bounded, and anything still missing is reported.
            try
            {
                await Wait.UntilAsync(() => members.All(m => m.Run.Truth!.Reached(m.Observer)), "deliveries to converge", TimeSpan.FromSeconds(10), ct);
            }
            catch (TimeoutException)
            {
            }
            memory.AfterLoad = memory.Sample();
            memory.ManagedAfterLoad = await memory.MeasureManagedAsync("after load", ct);

            foreach (var run in sessions) Check.Session(run, options, result.Violations);
            foreach (var m in members)
            {
                if (m.Socket is { } socket && (socket.Disconnects.Count > 0 || socket.Connections != 1))
                    result.Violations.Add($"{m}: disconnected during the run ({string.Join(", ", socket.Disconnects)})");
            }
            result.ActionsDone = members.Sum(m => m.Actions);
            result.EventsReceived = members.Sum(m => m.Observer.Events);

            // ---------------------------------------------------------------- memory after the clients left
            foreach (var m in members) await m.DisposeAsync();
            members.Clear();
            log.WriteLine($"clients gone; letting the servers settle for {options.Settle.TotalSeconds:0} s");
            memory.Settled = await memory.SettleAsync(options.Settle, ct);
            memory.ManagedSettled = await memory.MeasureManagedAsync("settled", ct);
            result.Memory.AddRange(memory.Reports());
            Check.Memory(memory, options, result.Violations);

            result.Summary = Report.Table(options, sessions, memory, result);
            log.WriteLine(result.Summary);
            if (cluster is not null && !result.Passed)
            {
                log.WriteLine("last server log lines:");
                log.WriteLine(cluster.Logs());
            }
            return result;
        }
        finally
        {
            foreach (var m in members) await m.DisposeAsync();
            if (cluster is not null) await cluster.DisposeAsync();
        }
    }

    private static async Task ProgressAsync(SoakOptions options, List<Member> members, Stopwatch clock, CancellationToken stop)
    {
        var every = options.Duration > TimeSpan.FromMinutes(2) ? TimeSpan.FromSeconds(30) : TimeSpan.FromSeconds(10);
        try
        {
            while (!stop.IsCancellationRequested)
            {
                await Task.Delay(every, stop);
                options.Log.WriteLine($"  {clock.Elapsed.TotalSeconds,6:0} s: {members.Sum(m => m.Actions)} actions, " +
                                      $"{members.Sum(m => m.Observer.Events)} events received, {members.Sum(m => m.Errors.Count)} errors");
            }
        }
        catch (OperationCanceledException)
        {
        }
    }
}

/// <summary>One session of the run and what its members did.</summary>
internal sealed class SessionRun(int index, string id)
{
    public int Index { get; } = index;
    public string Id { get; } = id;
    public List<Member> Members { get; } = [];
    public Member Coach => Members[0];
    public List<string> Markers { get; } = [];
    public List<string> Polls { get; } = [];
    public List<string> Resources { get; } = [];
    public Truth? Truth { get; private set; }

    /// <summary>What the store says happened, read over REST after the traffic.</summary>
    public async Task LoadTruthAsync(CancellationToken ct)
    {
        var api = Coach.Api;
        var messages = await api.AllMessagesAsync(Id, ct);
        var polls = (await api.GetAsync($"/api/sessions/{Id}/polls", ct)).EnumerateArray().ToList();
        var resources = (await api.GetAsync($"/api/sessions/{Id}/resources", ct)).EnumerateArray().ToList();
        Truth = new Truth(
            messages.Select(m => (Id: m.GetProperty("_id").GetString()!, Seq: m.GetProperty("seq").GetInt64(), Text: m.GetProperty("text").GetString()!)).ToList(),
            polls.ToDictionary(p => p.GetProperty("_id").GetString()!, p => p.GetProperty("voters").GetArrayLength()),
            resources.Select(r => r.GetProperty("_id").GetString()!).ToList(),
            Members.ToDictionary(m => m.Api.Id, m => (Hands: m.Hands.ToList(), Typing: m.Typing.ToList(), Activity: m.Activity.ToList())));
    }
}

/// <summary>The stored state of a session plus the presence values each member sent.</summary>
internal sealed record Truth(
    List<(string Id, long Seq, string Text)> Messages,
    Dictionary<string, int> Voters,
    List<string> Resources,
    Dictionary<string, (List<bool> Hands, List<bool> Typing, List<bool> Activity)> Sent)
{
    /// <summary>Whether a client has at least as many of everything as expected (used to wait, not to judge).</summary>
    public bool Reached(ClientObserver observer)
    {
        var got = observer.Take();
        return Messages.All(m => got.Chats.ContainsKey(m.Id))
            && Voters.Keys.All(got.PollsCreated.ContainsKey)
            && Voters.All(v => v.Value == 0 || got.VoteTotals.GetValueOrDefault(v.Key)?.Count >= v.Value)
            && Resources.All(got.Resources.ContainsKey)
            && Sent.All(s => got.Hands.GetValueOrDefault(s.Key, []).Count >= s.Value.Hands.Count
                             && got.Activity.GetValueOrDefault(s.Key, []).Count >= s.Value.Activity.Count
                             && (s.Key == observer.UserId || got.Typing.GetValueOrDefault(s.Key, []).Count >= s.Value.Typing.Count));
    }
}

/// <summary>A member of a session: its REST identity, its socket and its traffic.</summary>
internal sealed class Member(SessionRun run, int index, ApiUser api, Random random) : IAsyncDisposable
{
    private static readonly string[] Words = ["ok", "yes", "let's", "see", "the", "slide", "next", "question", "agreed", "nice", "one", "more", "time", "please"];

    private int _chatNumber;
    private bool _hand;
    private bool _typing;
    private bool _active = true;

    public SessionRun Run { get; } = run;
    public int Index { get; } = index;
    public ApiUser Api { get; } = api;
    public bool IsCoach => Index == 0;
    public ClientObserver Observer { get; } = new(api.Id);
    public RawSocketIOClient? Socket { get; private set; }
    public long Actions { get; private set; }
    public List<string> Errors { get; } = [];

    // What this member did, in order (read by the checks after the traffic).
    public List<(string Id, long Seq)> Chats { get; } = [];
    public List<bool> Hands { get; } = [];
    public List<bool> Typing { get; } = [];
    public List<bool> Activity { get; } = [];
    public HashSet<string> Voted { get; } = [];

    public async Task ConnectAsync(IReadOnlyList<Uri> urls, CancellationToken ct)
    {
        Socket = await RawSocketIOClient.ConnectAsync(new RawClientOptions
        {
            Urls = [Api.Server],
            Query = new Dictionary<string, string> { ["sessionId"] = Run.Id, ["userId"] = Api.Id },
            Token = Api.Token,
            Record = false,
            OnEvent = Observer.OnEvent,
        }, ct);
    }

    /// <summary>The warm-up: a coach makes one poll and one upload, then the normal traffic, then an acknowledged chat.</summary>
    public async Task WarmUpAsync(SoakOptions options, DateTime deadline, CancellationToken ct)
    {
        try
        {
            if (IsCoach)
            {
                await CreatePollAsync(ct);
                Actions++;
                await UploadAsync(ct);
                Actions++;
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            Error("warm-up: " + ex.Message);
        }
        await RunAsync(options, deadline, ct);
        await ChatAsync(final: true);
    }

    public async Task RunAsync(SoakOptions options, DateTime deadline, CancellationToken ct)
    {
        while (DateTime.UtcNow < deadline && !ct.IsCancellationRequested)
        {
            var pause = options.MinPause + (options.MaxPause - options.MinPause) * random.NextDouble();
            await Task.Delay(pause, ct);
            if (DateTime.UtcNow >= deadline) break;
            try
            {
                await ActAsync(options, ct);
                Actions++;
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
            {
                Error(ex.Message);
                if (Errors.Count > 50) return; // something is badly wrong; the report says what
            }
        }
    }

    private Task ActAsync(SoakOptions options, CancellationToken ct)
    {
        var roll = random.Next(100);
        if (IsCoach)
        {
            if (roll < 10 && Run.Polls.Count < options.MaxPollsPerSession) return CreatePollAsync(ct);
            if (roll < 20 && Run.Resources.Count < options.MaxUploadsPerSession) return UploadAsync(ct);
            if (roll < 25) return VoteAsync(ct);
        }
        else if (roll < 15)
        {
            return VoteAsync(ct);
        }
        return roll switch
        {
            < 55 => ChatAsync(final: false),
            < 70 => ToggleAsync("typing"),
            < 85 => ToggleAsync("raise-hand"),
            _ => ToggleAsync("activity-status"),
        };
    }

    public async Task ChatAsync(bool final)
    {
        var socket = Socket ?? throw new InvalidOperationException("not connected");
        var n = ++_chatNumber;
        var words = Enumerable.Range(0, random.Next(1, 25)).Select(_ => Words[random.Next(Words.Length)]);
        var text = $"{(final ? "final" : "msg")} s{Run.Index} m{Index} #{n}: {string.Join(' ', words)}";
        var clientId = $"{Api.Id}-{n}";
        try
        {
            var ack = await socket.EmitWithAckAsync("chat-message", new { text, clientId }, TimeSpan.FromSeconds(15));
            if (ack.ValueKind != JsonValueKind.Object || !ack.TryGetProperty("ok", out var ok) || ok.ValueKind != JsonValueKind.True)
                throw new InvalidOperationException($"chat-message not acknowledged ok: {ack}");
            var message = ack.GetProperty("message");
            if (message.GetProperty("clientId").GetString() != clientId) throw new InvalidOperationException($"ack for another clientId: {message}");
            Chats.Add((message.GetProperty("_id").GetString()!, message.GetProperty("seq").GetInt64()));
        }
        catch (Exception ex) when (final)
        {
            Error("final chat: " + ex.Message);
        }
    }

    private async Task ToggleAsync(string eventName)
    {
        var socket = Socket ?? throw new InvalidOperationException("not connected");
        switch (eventName)
        {
            case "typing":
                _typing = !_typing;
                Typing.Add(_typing);
                await socket.EmitAsync(eventName, new { isTyping = _typing });
                break;
            case "raise-hand":
                _hand = !_hand;
                Hands.Add(_hand);
                await socket.EmitAsync(eventName, new { raised = _hand });
                break;
            default:
                _active = !_active;
                Activity.Add(_active);
                await socket.EmitAsync(eventName, new { isActive = _active });
                break;
        }
    }

    private async Task CreatePollAsync(CancellationToken ct)
    {
        var options = Enumerable.Range(1, random.Next(2, 5)).Select(i => $"Option {i}").ToArray();
        var created = await Api.CreatePollAsync(Run.Id, $"Question {Run.Polls.Count + 1} of session {Run.Index}?", options, ct);
        lock (Run.Polls) Run.Polls.Add(created.GetProperty("poll").GetProperty("_id").GetString()!);
    }

    private async Task UploadAsync(CancellationToken ct)
    {
        var size = random.Next(256, 4096);
        var content = new byte[size];
        for (var i = 0; i < size; i++) content[i] = (byte)('a' + random.Next(26));
        var uploaded = await Api.UploadAsync(Run.Id, $"notes-{Run.Index}-{Run.Resources.Count + 1}.txt", content, "text/plain", ct);
        lock (Run.Resources) Run.Resources.Add(uploaded.GetProperty("_id").GetString()!);
    }

    /// <summary>Votes on a poll this member has heard of and not voted on yet; chats instead when there is none.</summary>
    private async Task VoteAsync(CancellationToken ct)
    {
        var open = Observer.KnownPolls().Where(p => !Voted.Contains(p)).ToList();
        if (open.Count == 0)
        {
            await ChatAsync(final: false);
            return;
        }
        var pollId = open[random.Next(open.Count)];
        var voted = await Api.VoteAsync(Run.Id, pollId, random.Next(2), ct);
        if (voted.GetProperty("poll").GetProperty("_id").GetString() != pollId) throw new InvalidOperationException("vote answered for another poll");
        Voted.Add(pollId);
    }

    private void Error(string message)
    {
        lock (Errors) Errors.Add(message);
    }

    public override string ToString() => $"session {Run.Index} member {Index} ({Api.Id})";

    public async ValueTask DisposeAsync()
    {
        if (Socket is { } socket)
        {
            Socket = null;
            await socket.DisposeAsync();
        }
    }
}

/// <summary>The checks of a finished run.</summary>
internal static class Check
{
    private const int MaxPerKind = 10;

    public static void Session(SessionRun run, SoakOptions options, List<string> violations)
    {
        var truth = run.Truth!;
        var v = new Limited(violations, $"session {run.Index}");

        // The store against what the clients did.
        foreach (var m in run.Members)
            foreach (var error in m.Errors.Take(MaxPerKind)) v.Add("action-error", $"{m}: {error}");
        var stored = truth.Messages.Where(m => !m.Text.StartsWith("marker-", StringComparison.Ordinal)).Select(m => m.Id).ToHashSet();
        var acked = run.Members.SelectMany(m => m.Chats).Select(c => c.Id).ToList();
        if (acked.Count != acked.Distinct().Count()) v.Add("store", "a chat message was acknowledged twice");
        if (!stored.SetEquals(acked)) v.Add("store", $"stored chat messages ({stored.Count}) differ from the acknowledged ones ({acked.Count})");
        var seqs = truth.Messages.Select(m => m.Seq).ToList();
        if (!seqs.SequenceEqual(Enumerable.Range(1, seqs.Count).Select(i => (long)i))) v.Add("store", "stored chat seqs are not 1..N");
        if (!truth.Voters.Keys.ToHashSet().SetEquals(run.Polls)) v.Add("store", $"stored polls ({truth.Voters.Count}) differ from the created ones ({run.Polls.Count})");
        foreach (var (pollId, voters) in truth.Voters)
        {
            var recorded = run.Members.Count(m => m.Voted.Contains(pollId));
            if (voters != recorded) v.Add("store", $"poll {pollId}: {voters} voters stored, {recorded} votes answered 200");
        }
        if (!truth.Resources.ToHashSet().SetEquals(run.Resources)) v.Add("store", $"stored resources ({truth.Resources.Count}) differ from the uploaded ones ({run.Resources.Count})");

        // Every client against the store.
        foreach (var member in run.Members)
        {
            var got = member.Observer.Take();
            var who = member.ToString();
            foreach (var (id, _, _) in truth.Messages)
            {
                var count = got.Chats.GetValueOrDefault(id);
                if (count != 1) v.Add("chat", $"{who}: chat-message-added {id} received {count} times");
            }
            foreach (var extra in got.Chats.Keys.Except(truth.Messages.Select(m => m.Id))) v.Add("chat", $"{who}: chat-message-added for unknown message {extra}");
            if (member.Observer.SenderOrderViolations > 0)
                v.Add("order", $"{who}: {member.Observer.SenderOrderViolations} chat messages out of their sender's order ({string.Join("; ", member.Observer.Notes.Take(3))})");
            if (options.StrictSeqOrder && member.Observer.SeqInversions > 0)
                v.Add("order", $"{who}: {member.Observer.SeqInversions} chat messages arrived after a higher seq");

            foreach (var (pollId, voters) in truth.Voters)
            {
                var created = got.PollsCreated.GetValueOrDefault(pollId);
                if (created != 1) v.Add("poll", $"{who}: poll-created {pollId} received {created} times");
                var totals = got.VoteTotals.GetValueOrDefault(pollId) ?? [];
                // Each vote is one poll-voted whose counts sum to 1, 2, ... voters: each total exactly once.
                var expected = Enumerable.Range(1, voters).ToHashSet();
                if (!totals.Keys.ToHashSet().SetEquals(expected) || totals.Values.Any(c => c != 1))
                    v.Add("poll", $"{who}: poll-voted for {pollId}: totals {Describe(totals)} but {voters} votes were stored");
            }
            foreach (var extra in got.PollsCreated.Keys.Except(truth.Voters.Keys)) v.Add("poll", $"{who}: poll-created for unknown poll {extra}");
            if (member.Observer.VotedBeforeCreated > 0) v.Add("order", $"{who}: {member.Observer.VotedBeforeCreated} poll-voted before their poll-created");

            foreach (var id in truth.Resources)
            {
                var count = got.Resources.GetValueOrDefault(id);
                if (count != 1) v.Add("resource", $"{who}: resource-uploaded {id} received {count} times");
            }
            foreach (var extra in got.Resources.Keys.Except(truth.Resources)) v.Add("resource", $"{who}: resource-uploaded for unknown resource {extra}");

            foreach (var (sender, sent) in truth.Sent)
            {
                Compare(v, "hand", who, sender, sent.Hands, got.Hands.GetValueOrDefault(sender, []));
                Compare(v, "activity", who, sender, sent.Activity, got.Activity.GetValueOrDefault(sender, []));
                // typing goes to the others only.
                Compare(v, "typing", who, sender, sender == member.Api.Id ? [] : sent.Typing, got.Typing.GetValueOrDefault(sender, []));
            }
            foreach (var (name, count) in got.Other)
            {
                // Joins are not counted (sockets connect one after the other); anything else is unexpected here.
                if (name is "participant-joined") continue;
                v.Add("unexpected", $"{who}: {count} x {name}");
            }
        }
    }

    public static void Memory(MemoryTracker memory, SoakOptions options, List<string> violations)
    {
        foreach (var error in memory.ManagedErrors) violations.Add($"memory {error}");
        foreach (var report in memory.Reports())
        {
            // The main check: the managed heap after a forced compacting GC is exact, so its bound is tight.
            if (report.ManagedStart is { } managedStart && report.ManagedSettled is { } managedSettled)
            {
                var managedLimit = ManagedLimit(managedStart, options);
                if (managedSettled > managedLimit)
                    violations.Add($"memory {report.Server}: managed heap {Report.Mb(managedSettled)} after settling, above the limit " +
                                   $"{Report.Mb(managedLimit)} (start {Report.Mb(managedStart)}, after load {Report.Mb(report.ManagedAfterLoad)})");
            }
            // Secondary and loose: RSS is coarse (the GC keeps freed segments, native memory), but it still catches a
            // native leak the managed figure cannot see.
            if (report.Start is not { } start || report.Settled is not { } settled) continue;
            var limit = (long)(start * (1 + options.RssToleranceFactor)) + options.RssSlackBytes;
            if (settled > limit)
                violations.Add($"memory {report.Server}: RSS {Report.Mb(settled)} after settling, above the limit {Report.Mb(limit)} " +
                               $"(start {Report.Mb(start)}, peak {Report.Mb(report.Peak)})");
        }
    }

    public static long ManagedLimit(long start, SoakOptions options) => (long)(start * (1 + options.ManagedToleranceFactor)) + options.ManagedSlackBytes;

    private static void Compare(Limited v, string kind, string who, string sender, List<bool> sent, List<bool> received)
    {
        if (sent.SequenceEqual(received)) return;
        var firstDiff = Enumerable.Range(0, Math.Min(sent.Count, received.Count)).FirstOrDefault(i => sent[i] != received[i], -1);
        v.Add(kind, $"{who}: {kind} of {sender}: sent {sent.Count}, received {received.Count}" +
                    (firstDiff >= 0 ? $", first difference at #{firstDiff}" : ""));
    }

    private static string Describe(Dictionary<int, int> totals) =>
        totals.Count == 0 ? "none" : string.Join(",", totals.OrderBy(t => t.Key).Select(t => t.Value == 1 ? $"{t.Key}" : $"{t.Key}x{t.Value}"));

    /// <summary>Keeps at most <see cref="MaxPerKind"/> messages per kind, then one line with how many more there were.</summary>
    private sealed class Limited(List<string> target, string prefix)
    {
        private readonly Dictionary<string, int> _counts = [];

        public void Add(string kind, string message)
        {
            var n = _counts[kind] = _counts.GetValueOrDefault(kind) + 1;
            if (n <= MaxPerKind) target.Add($"{prefix} [{kind}] {message}");
            else if (n == MaxPerKind + 1) target.Add($"{prefix} [{kind}] ... more of this kind left out");
        }
    }
}

/// <summary>
/// RSS of the server processes over the run, and their managed heap after a forced full GC between the phases
/// (<c>GET /api/diagnostics/memory</c> on each server directly; never called while the load runs, as each call stalls
/// the server).
/// </summary>
internal sealed class MemoryTracker(IReadOnlyList<string> names, IReadOnlyList<Func<long?>> rss, IReadOnlyList<Uri> servers, bool managedRequired)
{
    private readonly long?[] _peak = new long?[rss.Count];
    // Per server: null while the endpoint answers, else why the check of that server is RSS only.
    private readonly string?[] _managedUnavailable = new string?[servers.Count];

    public long?[] Start { get; set; } = [];
    public long?[] Ready { get; set; } = [];
    public long?[] AfterLoad { get; set; } = [];
    public long?[] Settled { get; set; } = [];
    public long?[] ManagedStart { get; set; } = [];
    public long?[] ManagedAfterLoad { get; set; } = [];
    public long?[] ManagedSettled { get; set; } = [];

    /// <summary>Failed readings of servers that must answer (those the tool started); each is a violation.</summary>
    public List<string> ManagedErrors { get; } = [];

    /// <summary>Servers whose check is RSS only, and why (given servers answering 404: diagnostics not enabled).</summary>
    public IEnumerable<string> RssOnly => _managedUnavailable.Select((why, i) => why is null ? null : $"{names[i]}: {why}").OfType<string>();

    /// <summary>One reading per server, one server after the other (each call forces a GC on that server).</summary>
    public async Task<long?[]> MeasureManagedAsync(string phase, CancellationToken ct)
    {
        var values = new long?[servers.Count];
        for (var i = 0; i < servers.Count; i++)
        {
            if (_managedUnavailable[i] is not null) continue;
            var (reading, status, error) = await DiagnosticsClient.GetAsync(servers[i], ct);
            if (reading is not null)
            {
                values[i] = reading.ManagedBytes;
                continue;
            }
            if (managedRequired)
                ManagedErrors.Add($"{names[i]}: {DiagnosticsClient.Path} failed at {phase}: {error}");
            else
                // A server the tool did not start: 404 is the endpoint switched off (Diagnostics__Enabled), 403 a
                // proxy in between; either way its memory check falls back to RSS.
                _managedUnavailable[i] = status == System.Net.HttpStatusCode.NotFound
                    ? $"{DiagnosticsClient.Path} answered 404 at {phase} (run it with Diagnostics__Enabled=true for the managed check)"
                    : $"{DiagnosticsClient.Path} failed at {phase} ({error})";
        }
        return values;
    }

    public long?[] Sample()
    {
        var values = rss.Select(r => r()).ToArray();
        for (var i = 0; i < values.Length; i++)
            if (values[i] is { } v && (_peak[i] is null || v > _peak[i])) _peak[i] = v;
        return values;
    }

    public async Task SampleUntilAsync(CancellationToken stop)
    {
        try
        {
            while (!stop.IsCancellationRequested)
            {
                Sample();
                await Task.Delay(1000, stop);
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    /// <summary>Samples once a second for <paramref name="settle"/>; the lowest value per server.</summary>
    public async Task<long?[]> SettleAsync(TimeSpan settle, CancellationToken ct)
    {
        var lowest = Sample();
        var until = DateTime.UtcNow + settle;
        while (DateTime.UtcNow < until)
        {
            await Task.Delay(1000, ct);
            var now = rss.Select(r => r()).ToArray();
            for (var i = 0; i < now.Length; i++)
                if (now[i] is { } v && (lowest[i] is null || v < lowest[i])) lowest[i] = v;
        }
        return lowest;
    }

    public IEnumerable<MemoryReport> Reports() => names.Select((name, i) => new MemoryReport(
        name, At(Start, i), At(Ready, i), i < _peak.Length ? _peak[i] : null, At(AfterLoad, i), At(Settled, i),
        // A server that stopped answering part-way has no managed check at all (its figures would not compare).
        _managedUnavailable[i] is null ? At(ManagedStart, i) : null,
        _managedUnavailable[i] is null ? At(ManagedAfterLoad, i) : null,
        _managedUnavailable[i] is null ? At(ManagedSettled, i) : null));

    private static long? At(long?[] values, int i) => i < values.Length ? values[i] : null;
}

internal static class Report
{
    public static string Mb(long? bytes) => bytes is { } b ? $"{b / (1024.0 * 1024):0.0} MB" : "n/a";

    public static string Table(SoakOptions options, List<SessionRun> sessions, MemoryTracker memory, SoakResult result)
    {
        var sb = new StringBuilder();
        sb.AppendLine();
        sb.AppendLine($"soak: {options.Sessions} sessions x {options.Participants} members, {options.Duration.TotalSeconds:0} s, " +
                      $"{(options.Urls.Count > 0 ? options.Urls.Count + " given server(s)" : options.Processes + " process(es)")}, seed {options.Seed}");
        sb.AppendLine("| session | chats | polls | votes | uploads | hands | typing | activity | events recv | seq inversions | violations |");
        sb.AppendLine("|--------:|------:|------:|------:|--------:|------:|-------:|---------:|------------:|---------------:|-----------:|");
        foreach (var run in sessions)
        {
            var chats = run.Truth?.Messages.Count ?? 0;
            var votes = run.Truth?.Voters.Values.Sum() ?? 0;
            var violations = result.Violations.Count(x => x.StartsWith($"session {run.Index} ", StringComparison.Ordinal));
            sb.AppendLine($"| {run.Index,7} | {chats,5} | {run.Polls.Count,5} | {votes,5} | {run.Resources.Count,7} | " +
                          $"{run.Members.Sum(m => m.Hands.Count),5} | {run.Members.Sum(m => m.Typing.Count),6} | {run.Members.Sum(m => m.Activity.Count),8} | " +
                          $"{run.Members.Sum(m => m.Observer.Events),11} | {run.Members.Sum(m => m.Observer.SeqInversions),14} | {violations,10} |");
        }
        sb.AppendLine();
        sb.AppendLine("| server | RSS start | ready | peak | after load | settled | managed start | after load | settled | managed limit |");
        sb.AppendLine("|--------|----------:|------:|-----:|-----------:|--------:|--------------:|-----------:|--------:|--------------:|");
        foreach (var r in memory.Reports())
            sb.AppendLine($"| {r.Server} | {Mb(r.Start)} | {Mb(r.Ready)} | {Mb(r.Peak)} | {Mb(r.AfterLoad)} | {Mb(r.Settled)} | " +
                          $"{Mb(r.ManagedStart)} | {Mb(r.ManagedAfterLoad)} | {Mb(r.ManagedSettled)} | " +
                          $"{(r.ManagedStart is { } ms ? Mb(Check.ManagedLimit(ms, options)) : "n/a")} |");
        sb.AppendLine($"memory check: managed heap after a forced full GC ({DiagnosticsClient.Path}), settled <= start x " +
                      $"{1 + options.ManagedToleranceFactor:0.##} + {Mb(options.ManagedSlackBytes)}; RSS (secondary, loose) settled <= start x " +
                      $"{1 + options.RssToleranceFactor:0.##} + {Mb(options.RssSlackBytes)}");
        foreach (var why in memory.RssOnly) sb.AppendLine($"memory check RSS ONLY for {why}");
        sb.AppendLine();
        sb.AppendLine($"actions: {result.ActionsDone}, events received: {result.EventsReceived}, violations: {result.Violations.Count}");
        foreach (var violation in result.Violations.Take(60)) sb.AppendLine("  VIOLATION " + violation);
        if (result.Violations.Count > 60) sb.AppendLine($"  ... and {result.Violations.Count - 60} more");
        sb.AppendLine(result.Passed ? "RESULT: PASS" : "RESULT: FAIL");
        return sb.ToString();
    }
}
