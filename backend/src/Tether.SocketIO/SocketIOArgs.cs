using System.Text.Json;

namespace Tether.SocketIO;

/// <summary>
/// The arguments of a received event or acknowledgement. Each argument binds to a .NET type on demand with the
/// server's JSON options; binary attachments bind to <c>byte[]</c> (or <c>ReadOnlyMemory&lt;byte&gt;</c>) wherever
/// they sit in the structure.
/// </summary>
public sealed class SocketIOArgs
{
    /// <summary>The number of arguments.</summary>
    public int Count => throw new NotImplementedException();

    /// <summary>Binds argument <paramref name="index"/> to <typeparamref name="T"/>; default when missing.</summary>
    public T? Get<T>(int index) => throw new NotImplementedException();

    /// <summary>Binds argument <paramref name="index"/> to <paramref name="type"/>.</summary>
    public object? Get(int index, Type type) => throw new NotImplementedException();

    /// <summary>The raw JSON of argument <paramref name="index"/> (attachments appear as placeholder objects).</summary>
    public JsonElement GetJson(int index) => throw new NotImplementedException();

    /// <summary>
    /// The arguments as values that can be emitted again unchanged, binary included (JSON values, with
    /// <c>byte[]</c> where attachments were).
    /// </summary>
    public object?[] ToArray() => throw new NotImplementedException();
}
