using System.Diagnostics.CodeAnalysis;
using System.Text.Json;

namespace VideoConf.Realtime;

/// <summary>
/// Reads a client event's first argument by hand: a wrong shape becomes a clear error for the ack or the log,
/// never an exception escaping into the socket's read loop.
/// </summary>
internal readonly struct Payload
{
    private readonly JsonElement _object;

    private Payload(JsonElement obj) => _object = obj;

    public static bool TryRead(JsonElement argument, out Payload payload, [NotNullWhen(false)] out string? error)
    {
        payload = default;
        if (argument.ValueKind != JsonValueKind.Object)
        {
            error = "The payload must be an object.";
            return false;
        }
        payload = new Payload(argument);
        error = null;
        return true;
    }

    public bool TryString(string name, bool required, out string? value, [NotNullWhen(false)] out string? error)
    {
        value = null;
        error = null;
        if (!_object.TryGetProperty(name, out var element) || element.ValueKind is JsonValueKind.Null or JsonValueKind.Undefined)
        {
            if (required) error = $"'{name}' is required.";
            return !required;
        }
        if (element.ValueKind != JsonValueKind.String)
        {
            error = $"'{name}' must be a string.";
            return false;
        }
        value = element.GetString();
        return true;
    }

    public bool TryBool(string name, out bool value, [NotNullWhen(false)] out string? error)
    {
        value = false;
        error = null;
        if (_object.TryGetProperty(name, out var element) && element.ValueKind is JsonValueKind.True or JsonValueKind.False)
        {
            value = element.GetBoolean();
            return true;
        }
        error = $"'{name}' must be true or false.";
        return false;
    }

    public bool TryInt(string name, out int value, [NotNullWhen(false)] out string? error)
    {
        value = 0;
        error = null;
        if (_object.TryGetProperty(name, out var element) && element.ValueKind == JsonValueKind.Number && element.TryGetInt32(out value))
            return true;
        error = $"'{name}' must be an integer.";
        return false;
    }

    /// <summary>A property's raw JSON (for relaying as is); false when absent.</summary>
    public bool TryRaw(string name, out JsonElement value) =>
        _object.TryGetProperty(name, out value) && value.ValueKind != JsonValueKind.Undefined;
}
