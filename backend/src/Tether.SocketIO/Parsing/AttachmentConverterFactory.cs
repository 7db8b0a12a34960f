using System.Text.Json;
using System.Text.Json.Serialization;

namespace Tether.SocketIO.Parsing;

/// <summary>
/// One entry in <see cref="JsonSerializerOptions.Converters"/> covering every byte container the binary protocol
/// supports (a single entry keeps <see cref="SocketIOJson.AddSocketIOConverters"/> idempotent with one check).
/// </summary>
internal sealed class AttachmentConverterFactory : JsonConverterFactory
{
    private static readonly JsonConverter ByteArray = new ByteArrayAttachmentConverter();
    private static readonly JsonConverter ReadOnlyMemory = new ReadOnlyMemoryAttachmentConverter();
    private static readonly JsonConverter Memory = new MemoryAttachmentConverter();
    private static readonly JsonConverter ArraySegment = new ArraySegmentAttachmentConverter();

    public override bool CanConvert(Type typeToConvert) => Lookup(typeToConvert) is not null;

    public override JsonConverter? CreateConverter(Type typeToConvert, JsonSerializerOptions options) => Lookup(typeToConvert);

    private static JsonConverter? Lookup(Type type) =>
        type == typeof(byte[]) ? ByteArray
        : type == typeof(ReadOnlyMemory<byte>) ? ReadOnlyMemory
        : type == typeof(Memory<byte>) ? Memory
        : type == typeof(ArraySegment<byte>) ? ArraySegment
        : null;
}
