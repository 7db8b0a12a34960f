using System.Net.Http.Headers;
using System.Text;

namespace LoadGen.Scenarios;

/// <summary>Calls <c>POST /bench/emit</c>, the way a REST controller's caller would make the server emit.</summary>
internal static class EmitClient
{
    private static readonly MediaTypeHeaderValue Json = new("application/json");

    /// <summary>Asks the server to emit <paramref name="count"/> <c>resource-uploaded</c> events into the room.</summary>
    public static async Task PostAsync(RunContext ctx, string sessionId, int count, long ts)
    {
        var body = $"{{\"sessionId\":\"{sessionId}\",\"count\":{count},\"ts\":{ts},\"pad\":\"{ctx.Pad}\"}}";
        using var content = new ByteArrayContent(Encoding.UTF8.GetBytes(body));
        content.Headers.ContentType = Json;
        using var response = await ctx.Http.PostAsync(new Uri(ctx.Server.BaseUri, "bench/emit"), content);
        response.EnsureSuccessStatusCode();
    }
}
