using System.Buffers;
using System.Buffers.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Tether.EngineIO.Internal;

namespace Tether.EngineIO.Polling;

/// <summary>GET: the long-poll that takes the whole send queue.</summary>
internal sealed partial class PollingTransport
{
    public async Task HandleGetAsync(HttpContext context)
    {
        TaskCompletionSource<bool>? waiter = null;
        bool duplicate = false;
        lock (_session.Sync)
        {
            if (_getActive)
            {
                duplicate = true;
            }
            else
            {
                _getActive = true;
                if (!ReadyToRespond_NoLock())
                {
                    waiter = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
                    _waiter = waiter;
                }
            }
        }

        if (duplicate)
        {
            // Node treats an overlapping GET as a transport error: the session closes and the pending GET gets the close packet.
            _session.CloseWithError(EngineCloseReason.TransportError, "overlapping GET");
            await EngineErrors.WriteAsync(context, EngineErrorCode.BadRequest);
            return;
        }

        List<OutboundPacket>? batch = null;
        bool aborted = false;
        try
        {
            while (waiter is not null)
            {
                bool woke;
                using (context.RequestAborted.UnsafeRegister(static state => ((TaskCompletionSource<bool>)state!).TrySetResult(false), waiter))
                {
                    woke = await waiter.Task.ConfigureAwait(false);
                }

                lock (_session.Sync)
                {
                    if (!woke || ReadyToRespond_NoLock())
                    {
                        _waiter = null;
                        waiter = null;
                    }
                    else
                    {
                        // A wake-up meant for an earlier GET: wait again.
                        waiter = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
                        _waiter = waiter;
                    }
                }

                if (!woke)
                {
                    aborted = true;
                    _session.CloseWithError(EngineCloseReason.TransportClose, "poll request aborted");
                    return;
                }
            }

            lock (_session.Sync)
            {
                if (!_discarded) batch = _session.TakeQueue_NoLock();
            }

            try
            {
                await WritePayloadAsync(context, batch).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is IOException or OperationCanceledException or ObjectDisposedException)
            {
                _session.CloseWithError(EngineCloseReason.TransportClose, "poll response failed");
            }
        }
        finally
        {
            bool closedAndDrained, closedWithLeftovers;
            lock (_session.Sync)
            {
                _getActive = false;
                _waiter = null;
                closedAndDrained = !_session.IsOpen && !_discarded && !_session.HasQueued_NoLock;
                closedWithLeftovers = !_session.IsOpen && !_discarded && _session.HasQueued_NoLock && _lingerTimer is null;
            }
            if (batch is not null) _session.ReturnBatch(batch);
            // A client that aborted its GET will not come back for the leftovers; one that is polling will (also
            // during shutdown, whose drain wait bounds the lingering).
            if (closedAndDrained || (closedWithLeftovers && aborted)) _session.Server.RemoveSession(_session);
            else if (closedWithLeftovers) StartLinger();
        }
    }

    private static async Task WritePayloadAsync(HttpContext context, List<OutboundPacket>? batch)
    {
        var response = context.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "text/plain; charset=UTF-8";
        if (batch is null)
        {
            response.ContentLength = 1;
            await response.Body.WriteAsync(NoopPayload, context.RequestAborted).ConfigureAwait(false);
            return;
        }

        int length = PollingPayload.GetEncodedLength(batch);
        var buffer = ArrayPool<byte>.Shared.Rent(length);
        try
        {
            int written = PollingPayload.Encode(batch, buffer);
            response.ContentLength = written;
            await response.Body.WriteAsync(buffer.AsMemory(0, written), context.RequestAborted).ConfigureAwait(false);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
