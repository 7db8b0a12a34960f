using System.Reflection;

namespace Tether.SocketIO.Internal.Binding;

/// <summary>
/// Turns what a handler returned into pending work, and sends its value as the acknowledgement when asked to.
/// Decided once per handler from its return type.
/// </summary>
internal sealed class ReturnAdapter
{
    private enum Kind
    {
        Void,
        Task,
        TaskOfT,
        ValueTask,
        ValueTaskOfT,
        Value,
    }

    private readonly Kind _kind;
    private readonly MethodInvoker? _taskResult;     // Task<T>.Result getter
    private readonly MethodInvoker? _valueTaskAsTask; // ValueTask<T>.AsTask()

    private ReturnAdapter(Kind kind, MethodInvoker? taskResult = null, MethodInvoker? valueTaskAsTask = null)
    {
        _kind = kind;
        _taskResult = taskResult;
        _valueTaskAsTask = valueTaskAsTask;
    }

    /// <summary>Whether the handler produces a value that can be the acknowledgement.</summary>
    public bool HasValue => _kind is Kind.TaskOfT or Kind.ValueTaskOfT or Kind.Value;

    public static ReturnAdapter For(Type returnType)
    {
        if (returnType == typeof(void)) return new ReturnAdapter(Kind.Void);
        if (returnType == typeof(Task)) return new ReturnAdapter(Kind.Task);
        if (returnType == typeof(ValueTask)) return new ReturnAdapter(Kind.ValueTask);
        if (returnType.IsGenericType && returnType.GetGenericTypeDefinition() == typeof(Task<>))
            return new ReturnAdapter(Kind.TaskOfT, ResultGetter(returnType));
        if (returnType.IsGenericType && returnType.GetGenericTypeDefinition() == typeof(ValueTask<>))
        {
            var asTask = MethodInvoker.Create(returnType.GetMethod(nameof(ValueTask<int>.AsTask))!);
            var taskType = typeof(Task<>).MakeGenericType(returnType.GetGenericArguments()[0]);
            return new ReturnAdapter(Kind.ValueTaskOfT, ResultGetter(taskType), asTask);
        }
        // A Task subtype we do not know (e.g. a custom awaitable) is treated as a plain value.
        return new ReturnAdapter(Kind.Value);
    }

    private static MethodInvoker ResultGetter(Type taskType)
        => MethodInvoker.Create(taskType.GetProperty(nameof(Task<int>.Result))!.GetMethod!);

    /// <param name="result">What the handler returned.</param>
    /// <param name="ack">The acknowledgement to send the value with, or null to send nothing.</param>
    public ValueTask Complete(object? result, SocketAck? ack)
    {
        switch (_kind)
        {
            case Kind.Void:
                return ValueTask.CompletedTask;
            case Kind.Task:
                return result is Task task ? new ValueTask(task) : ValueTask.CompletedTask;
            case Kind.ValueTask:
                return result is ValueTask valueTask ? valueTask : ValueTask.CompletedTask;
            case Kind.Value:
                return ack is null ? ValueTask.CompletedTask : new ValueTask(ack(result));
            case Kind.TaskOfT:
                return result is Task t ? Acknowledge(t, ack) : ValueTask.CompletedTask;
            case Kind.ValueTaskOfT:
                return result is null ? ValueTask.CompletedTask : Acknowledge((Task)_valueTaskAsTask!.Invoke(result)!, ack);
            default:
                return ValueTask.CompletedTask;
        }
    }

    private ValueTask Acknowledge(Task task, SocketAck? ack)
    {
        if (ack is null) return new ValueTask(task);
        if (task.IsCompletedSuccessfully) return new ValueTask(ack(_taskResult!.Invoke(task)));
        return new ValueTask(AcknowledgeAsync(task, ack));
    }

    private async Task AcknowledgeAsync(Task task, SocketAck ack)
    {
        await task.ConfigureAwait(false);
        await ack(_taskResult!.Invoke(task)).ConfigureAwait(false);
    }
}
