using System.Reflection;
using System.Runtime.CompilerServices;
using System.Runtime.ExceptionServices;
using Tether.SocketIO.Internal.Binding;

namespace Tether.SocketIO.Internal;

/// <summary>
/// A handler delegate whose parameters bind to the event's arguments. The parameter plan and the invoker are built
/// once per method and shared by every delegate of it (a handler registered per connection is one method with a new
/// closure each time); a call costs one argument array and the JSON binding of each argument.
/// </summary>
internal sealed class TypedEventListener : EventListener
{
    private static readonly SocketAck s_noAck = static _ => Task.CompletedTask;

    // Keyed by the method, weakly: a collectible assembly's handlers do not stay loaded because of this cache.
    private static readonly ConditionalWeakTable<MethodInfo, MethodPlan> s_plans = new();

    // Three fields: one of these exists per handler per connection, and the plan is shared.
    private readonly Delegate _handler;
    private readonly MethodInvoker? _invoker;
    private readonly MethodPlan _plan;

    private TypedEventListener(Delegate handler, MethodPlan plan)
    {
        _handler = handler;
        _plan = plan;
        var method = handler.Method;
        // A delegate closed over a static method's first argument, or a multicast one, needs the delegate's own
        // invocation; everything else goes through the fast invoker.
        _invoker = handler.HasSingleTarget && !(method.IsStatic && handler.Target is not null) ? plan.Invoker : null;
    }

    public static TypedEventListener Create(Delegate handler)
        => new(handler, s_plans.GetValue(handler.Method, static method => new MethodPlan(method)));

    /// <summary>What binding needs to know about a handler method, computed once.</summary>
    private sealed class MethodPlan
    {
        private MethodInvoker? _invoker;

        public MethodPlan(MethodInfo method)
        {
            Method = method;
            var parameters = method.GetParameters();
            Parameters = new ParameterPlan[parameters.Length];
            var argIndex = 0;
            var hasAckParameter = false;
            for (var i = 0; i < parameters.Length; i++)
            {
                Parameters[i] = ParameterPlan.For(parameters[i], ref argIndex);
                hasAckParameter |= Parameters[i].Kind == ParameterKind.Ack;
            }
            Return = ReturnAdapter.For(method.ReturnType);
            AutoAck = !hasAckParameter && Return.HasValue;
        }

        public MethodInfo Method { get; }

        public ParameterPlan[] Parameters { get; }

        public ReturnAdapter Return { get; }

        public bool AutoAck { get; }

        public MethodInvoker Invoker => _invoker ?? LazyInitializer.EnsureInitialized(ref _invoker, () => MethodInvoker.Create(Method));
    }

    public override ValueTask InvokeAsync(Socket socket, string eventName, SocketIOArgs args, SocketAck? ack)
    {
        var parameters = _plan.Parameters;
        object?[] values = parameters.Length == 0 ? [] : new object?[parameters.Length];
        for (var i = 0; i < parameters.Length; i++)
        {
            var plan = parameters[i];
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
        return _plan.Return.Complete(result, _plan.AutoAck ? ack : null);
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
