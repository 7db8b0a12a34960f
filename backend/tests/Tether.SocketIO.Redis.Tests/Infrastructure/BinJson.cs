using System.Text.Json.Nodes;

namespace Tether.SocketIO.Redis.Tests.Infrastructure;

/// <summary>Bytes inside reports: <c>{"$bin": "&lt;base64&gt;"}</c> (the form the Node member uses on its pipe).</summary>
public static class BinJson
{
    public static JsonObject Bin(byte[] bytes) => new() { ["$bin"] = Convert.ToBase64String(bytes) };

    public static bool IsBin(JsonNode? node, out byte[] bytes)
    {
        if (node is JsonObject { Count: 1 } obj && obj["$bin"] is JsonValue value && value.TryGetValue<string>(out var text))
        {
            bytes = Convert.FromBase64String(text);
            return true;
        }
        bytes = [];
        return false;
    }
}
