using System.Text.Json;
using System.Text.Json.Nodes;

namespace Tether.SocketIO.AspNetCore.Tests.Infrastructure;

/// <summary>
/// How the tests write payloads: JSON nodes, with bytes as <c>{"$bin":"&lt;base64&gt;"}</c> (the form the Node
/// driver and the .NET client adapter both use, since bytes cannot travel in JSON).
/// </summary>
public static class Json
{
    /// <summary>Parses JSON text (test literals).</summary>
    public static JsonNode? Parse(string json) => JsonNode.Parse(json);

    /// <summary>A JSON array of the given JSON texts, e.g. <c>Args("1", "\"2\"")</c>.</summary>
    public static JsonArray Array(params JsonNode?[] items) => new(items.Select(i => i?.DeepClone()).ToArray());

    /// <summary>Bytes in the tests' wire form.</summary>
    public static JsonObject Bin(params byte[] bytes) => new() { ["$bin"] = Convert.ToBase64String(bytes) };

    /// <summary>Whether a node is the tests' byte form.</summary>
    public static bool IsBin(JsonNode? node, out byte[] bytes)
    {
        bytes = [];
        if (node is JsonObject { Count: 1 } obj && obj["$bin"] is JsonValue value && value.TryGetValue<string>(out var base64))
        {
            bytes = Convert.FromBase64String(base64);
            return true;
        }
        return false;
    }

    /// <summary>Asserts two JSON values are equal (structure, order of arrays, values; property order ignored).</summary>
    public static void Equal(JsonNode? expected, JsonNode? actual)
    {
        if (!JsonNode.DeepEquals(expected, actual))
            Assert.Fail($"JSON differs.\nExpected: {Text(expected)}\nActual:   {Text(actual)}");
    }

    /// <summary>Asserts JSON equality with the expectation given as JSON text.</summary>
    public static void Equal(string expectedJson, JsonNode? actual) => Equal(Parse(expectedJson), actual);

    /// <summary>Compact JSON text of a node ("null" for null).</summary>
    public static string Text(JsonNode? node) => node?.ToJsonString() ?? "null";

    /// <summary>A node from any .NET value, serialised with default options.</summary>
    public static JsonNode? From(object? value) => JsonSerializer.SerializeToNode(value);
}
