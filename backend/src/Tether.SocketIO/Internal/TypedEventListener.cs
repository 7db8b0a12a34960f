using System.Reflection;
using System.Runtime.ExceptionServices;
using Tether.SocketIO.Internal.Binding;

namespace Tether.SocketIO.Internal;

/// <summary>
/// A handler delegate whose parameters bind to the event's arguments. The parameter plan and the invoker are built
/// once at registration; a call costs one argument array and the JSON binding of each argument.
/// </summary>
internal sealed class TypedEventListener : EventListener
{
    private static readonly SocketAck s_noAck = static _ => Task.CompletedTask;

    private readonly Delegate _handler;
    private readonly MethodInvoker? _invoker;
    private readonly ParameterPlan[] _parameters;
    private readonly ReturnAdapter _return;
    private readonly bool _autoAck;

    private TypedEventListener(Delegate handler, ParameterPlan[] parameters, ReturnAdapter returnAdapter)
    {
        _handler = handler;
        _parameters = parameters;
        _return = returnAdapter;
        var method = handler.Method;
        // A delegate closed over a static method's first argument, or a multicast one, needs the delegate's own
        // invocation; everything else goes through the fast invoker.
        _invoker = handler.HasSingleTarget && !(method.IsStatic && handler.Target is not null) ? MethodInvoker.Create(method) : null;
        var hasAckParameter = false;
        foreach (var p in parameters) hasAckParameter |= p.Kind == ParameterKind.Ack;
        _autoAck = !hasAckParameter && returnAdapter.HasValue;
    }

    public static TypedEventListener Create(Delegate handler)
    {
        var parameters = handler.Method.GetParameters();
        var plans = new ParameterPlan[parameters.Length];
        var argIndex = 0;
        for (var i = 0; i < parameters.Length; i++)
            plans[i] = ParameterPlan.For(parameters[i], ref argIndex);
        return new TypedEventListener(handler, plans, ReturnAdapter.For(handler.Method.ReturnType));
    }

    public override ValueTask InvokeAsync(Socket socket, string eventName, SocketIOArgs args, SocketAck? ack)
    {
        object?[] values = _parameters.Length == 0 ? [] : new object?[_parameters.Length];
        for (var i = 0; i < _parameters.Length; i++)
        {
            var plan = _parameters[i];
            switch (plan.Kind)
            {
                case ParameterKind.Argument:
                    if (!plan.TryBind(args, out values[i], out var error))
                        return RejectAsync(socket, eventName, plan, error!, ack);
                    break;
                case ParameterKind.Ack:
                    values[i] = ack ?? s_noAck;
                    break;
                case ParameterKind.Socket:
                    values[i] = socket;
                    break;
                case ParameterKind.Args:
                    values[i] = args;
                    break;
                case ParameterKind.CancellationToken:
                    values[i] = socket.DisconnectToken;
                    break;
            }
        }

        var result = Call(values);
        return _return.Complete(result, _autoAck ? ack : null);
    }

    private object? Call(object?[] values)
    {
        try
        {
            return _invoker is not null ? _invoker.Invoke(_handler.Target, values.AsSpan()) : _handler.DynamicInvoke(values);
        }
        catch (TargetInvocationException ex) when (ex.InnerException is not null)
        {
            ExceptionDispatchInfo.Capture(ex.InnerException).Throw();
            throw; // unreachable
        }
    }

    private static ValueTask RejectAsync(Socket socket, string eventName, ParameterPlan plan, Exception error, SocketAck? ack)
    {
        Log.ArgumentBindFailed(socket.Logger, eventName, socket.Id, plan.ArgumentIndex, plan.TypeName, error);
        if (ack is null) return ValueTask.CompletedTask;
        var message = $"Invalid argument {plan.ArgumentIndex} for event \"{eventName}\": expected {plan.TypeName}.";
        return new ValueTask(ack(new AckError(message)));
    }
}
