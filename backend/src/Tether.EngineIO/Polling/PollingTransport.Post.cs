using System.Buffers;
using System.Buffers.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Tether.EngineIO.Internal;

namespace Tether.EngineIO.Polling;

/// <summary>POST: packets from the client, all handled in order before answering <c>ok</c>.</summary>
internal sealed partial class PollingTransport
{
    public async Task HandlePostAsync(HttpContext context)
    {
        if (Interlocked.Exchange(ref _postActive, 1) == 1)
        {
            _session.CloseWithError(EngineCloseReason.TransportError, "overlapping POST");
            await EngineErrors.WriteAsync(context, EngineErrorCode.BadRequest);
            return;
        }

        try
        {
            long max = _session.Options.MaxHttpBufferSize;
            if (context.Request.ContentLength > max)
            {
                _session.CloseWithError(EngineCloseReason.TransportError, "payload too large");
                context.Response.StatusCode = StatusCodes.Status413PayloadTooLarge;
                return;
            }

            // We enforce our own limit while reading; Kestrel's default (30 MB) must not cut in first.
            var sizeFeature = context.Features.Get<IHttpMaxRequestBodySizeFeature>();
            if (sizeFeature is { IsReadOnly: false }) sizeFeature.MaxRequestBodySize = null;

            bool valid;
            var reader = context.Request.BodyReader;
            while (true)
            {
                var result = await reader.ReadAsync(context.RequestAborted).ConfigureAwait(false);
                var body = result.Buffer;
                if (body.Length > max)
                {
                    reader.AdvanceTo(body.End);
                    _session.CloseWithError(EngineCloseReason.TransportError, "payload too large");
                    context.Response.StatusCode = StatusCodes.Status413PayloadTooLarge;
                    return;
                }
                if (result.IsCompleted)
                {
                    valid = ProcessPayload(body);
                    reader.AdvanceTo(body.End);
                    break;
                }
                reader.AdvanceTo(body.Start, body.End);
            }

            if (!valid)
            {
                _session.CloseWithError(EngineCloseReason.TransportError, "invalid packet");
                await EngineErrors.WriteAsync(context, EngineErrorCode.BadRequest);
                return;
            }

            var response = context.Response;
            response.StatusCode = StatusCodes.Status200OK;
            response.ContentType = "text/html; charset=UTF-8";
            response.ContentLength = Ok.Length;
            await response.Body.WriteAsync(Ok, context.RequestAborted).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or OperationCanceledException or BadHttpRequestException)
        {
            _session.CloseWithError(EngineCloseReason.TransportError, "data request closed prematurely");
        }
        finally
        {
            Volatile.Write(ref _postActive, 0);
        }
    }

    private bool ProcessPayload(in ReadOnlySequence<byte> body)
    {
        if (body.IsSingleSegment) return ProcessPayload(body.FirstSpan);
        var length = (int)body.Length;
        var rented = ArrayPool<byte>.Shared.Rent(length);
        try
        {
            body.CopyTo(rented);
            return ProcessPayload(rented.AsSpan(0, length));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    /// <summary>Handles every packet of a payload in order, on this thread. Returns false at the first invalid one.</summary>
    internal bool ProcessPayload(ReadOnlySpan<byte> payload)
    {
        var packets = new PollingPayloadReader(payload);
        while (packets.TryReadNext(out var packet))
        {
            // After a close packet (or any close) the rest of the payload is moot.
            if (!_session.IsOpen) return true;
            if (packet.IsEmpty) return false;
            byte type = packet[0];
            if (type == (byte)'b')
            {
                if (!DeliverBase64(packet[1..])) return false;
            }
            else if (type == (byte)EnginePacketType.Upgrade || !_session.HandleTextPacket(type, packet[1..]))
            {
                return false;
            }
        }
        return true;
    }

    private bool DeliverBase64(ReadOnlySpan<byte> base64)
    {
        var rented = ArrayPool<byte>.Shared.Rent(Base64.GetMaxDecodedFromUtf8Length(base64.Length));
        try
        {
            if (Base64.DecodeFromUtf8(base64, rented, out _, out int written) != OperationStatus.Done) return false;
            _session.DeliverMessage(true, rented.AsSpan(0, written));
            return true;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }
}
