using System.Text.Json;
using System.Text.Json.Nodes;
using Tether.SocketIO.Parsing;

namespace Tether.SocketIO;

/// <summary>
/// The arguments of a received event or acknowledgement. Each argument binds to a .NET type on demand with the
/// server's JSON options; binary attachments bind to <c>byte[]</c> (or <c>ReadOnlyMemory&lt;byte&gt;</c>) wherever
/// they sit in the structure.
/// </summary>
public sealed class SocketIOArgs
{
    private static readonly JsonElement EmptyArray = JsonDocument.Parse("[]").RootElement.Clone();

    private readonly JsonElement _array;
    private readonly int _start;
    private readonly IReadOnlyList<byte[]> _attachments;
    private readonly JsonSerializerOptions _options;

    /// <summary>Wraps the arguments <c>array[startIndex..]</c>.</summary>
    /// <param name="array">A JSON array that owns its memory (cloned or parsed with ParseValue).</param>
    /// <param name="startIndex">The first argument's index (1 for events, whose element 0 is the name).</param>
    /// <param name="attachments">The attachments the placeholders in <paramref name="array"/> refer to.</param>
    /// <param name="options">The options arguments bind with (should carry the Socket.IO converters).</param>
    internal SocketIOArgs(JsonElement array, int startIndex, IReadOnlyList<byte[]> attachments, JsonSerializerOptions options)
    {
        if (array.ValueKind != JsonValueKind.Array) throw new ArgumentException("Expected a JSON array.", nameof(array));
        ArgumentOutOfRangeException.ThrowIfNegative(startIndex);
        _array = array;
        _start = startIndex;
        _attachments = attachments;
        _options = options;
        Count = Math.Max(0, array.GetArrayLength() - startIndex);
    }

    /// <summary>No arguments.</summary>
    public static SocketIOArgs Empty { get; } = new(EmptyArray, 0, [], SocketIOJson.DefaultOptions);

    /// <summary>The number of arguments.</summary>
    public int Count { get; }

    /// <summary>The binary attachments the arguments refer to (placeholder order).</summary>
    internal IReadOnlyList<byte[]> Attachments => _attachments;

    /// <summary>
    /// Binds argument <paramref name="index"/> to <typeparamref name="T"/>; default when missing. <c>object</c> and
    /// <see cref="JsonNode"/> types get the same values as <see cref="ToArray"/> (bytes where attachments were).
    /// </summary>
    /// <exception cref="JsonException">The argument's JSON does not fit <typeparamref name="T"/>.</exception>
    public T? Get<T>(int index)
    {
        if (!TryGetElement(index, out var element)) return default;
        if (typeof(T) == typeof(object) || typeof(JsonNode).IsAssignableFrom(typeof(T)))
            return (T?)GetDynamic(element, typeof(T));
        if (_attachments.Count == 0) return element.Deserialize<T>(_options);
        var previous = AttachmentContext.BeginDecode(_attachments);
        try { return element.Deserialize<T>(_options); }
        finally { AttachmentContext.EndDecode(previous); }
    }

    /// <summary>Binds argument <paramref name="index"/> to <paramref name="type"/>; null (or the type's default) when missing.</summary>
    /// <exception cref="JsonException">The argument's JSON does not fit <paramref name="type"/>.</exception>
    public object? Get(int index, Type type)
    {
        ArgumentNullException.ThrowIfNull(type);
        if (!TryGetElement(index, out var element))
            return type.IsValueType && Nullable.GetUnderlyingType(type) is null ? Activator.CreateInstance(type) : null;
        if (type == typeof(object) || typeof(JsonNode).IsAssignableFrom(type)) return GetDynamic(element, type);
        if (_attachments.Count == 0) return element.Deserialize(type, _options);
        var previous = AttachmentContext.BeginDecode(_attachments);
        try { return element.Deserialize(type, _options); }
        finally { AttachmentContext.EndDecode(previous); }
    }

    /// <summary>
    /// The raw JSON of argument <paramref name="index"/> (attachments appear as placeholder objects); a default
    /// (<see cref="JsonValueKind.Undefined"/>) element when missing.
    /// </summary>
    public JsonElement GetJson(int index) => TryGetElement(index, out var element) ? element : default;

    /// <summary>
    /// The arguments as values that can be emitted again unchanged, binary included: a <see cref="JsonElement"/> for
    /// an argument without attachments, the <c>byte[]</c> for an argument that is an attachment, else a
    /// <see cref="JsonNode"/> tree holding <c>byte[]</c> values where attachments were.
    /// </summary>
    public object?[] ToArray()
    {
        var values = new object?[Count];
        for (var i = 0; i < values.Length; i++)
            values[i] = PlaceholderNodes.ToValue(_array[_start + i], _attachments);
        return values;
    }

    /// <summary>Enumerates the raw JSON of each argument (as <see cref="GetJson"/>), without allocating.</summary>
    public Enumerator GetEnumerator() => new(this);

    /// <summary>
    /// Arguments built from .NET values as if they had been emitted and received (bytes become attachments), e.g.
    /// for delivering a server-side emit locally.
    /// </summary>
    internal static SocketIOArgs FromValues(IReadOnlyList<object?> values, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(values);
        byte[] json;
        List<byte[]>? attachments;
        var scope = AttachmentContext.BeginEncode();
        try { json = JsonSerializer.SerializeToUtf8Bytes(values, options); }
        finally { attachments = scope.End(); }
        var reader = new Utf8JsonReader(json);
        return new SocketIOArgs(JsonElement.ParseValue(ref reader), 0, attachments ?? [], options);
    }

    private bool TryGetElement(int index, out JsonElement element)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        if (index >= Count)
        {
            element = default;
            return false;
        }
        element = _array[_start + index];
        return true;
    }

    private object? GetDynamic(JsonElement element, Type type)
    {
        if (type == typeof(object)) return PlaceholderNodes.ToValue(element, _attachments);
        JsonNode? node = _attachments.Count > 0 && PlaceholderNodes.Contains(element, _attachments)
            ? PlaceholderNodes.ToNode(element, _attachments)
            : (JsonNode?)element.Deserialize(type, _options);
        if (node is null || type.IsInstanceOfType(node)) return node;
        throw new JsonException($"Argument of kind {element.ValueKind} cannot be bound to {type.Name}.");
    }

    /// <summary>A struct enumerator over the arguments' raw JSON.</summary>
    public struct Enumerator
    {
        private readonly SocketIOArgs _args;
        private int _index;

        internal Enumerator(SocketIOArgs args)
        {
            _args = args;
            _index = -1;
        }

        /// <summary>The current argument's raw JSON.</summary>
        public readonly JsonElement Current => _args._array[_args._start + _index];

        /// <summary>Advances to the next argument.</summary>
        public bool MoveNext() => ++_index < _args.Count;
    }
}
