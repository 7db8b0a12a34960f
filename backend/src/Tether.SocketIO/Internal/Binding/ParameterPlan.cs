using System.Reflection;

namespace Tether.SocketIO.Internal.Binding;

/// <summary>What a handler parameter receives.</summary>
internal enum ParameterKind
{
    Argument,
    Ack,
    Socket,
    Args,
    CancellationToken,
}

/// <summary>How one handler parameter is bound, decided once at registration.</summary>
internal sealed class ParameterPlan
{
    private readonly Type _type;
    private readonly bool _hasDefault;
    private readonly object? _default;
    private readonly bool _acceptsNull;

    private ParameterPlan(ParameterKind kind, Type type, int argumentIndex, bool hasDefault, object? defaultValue)
    {
        Kind = kind;
        _type = type;
        ArgumentIndex = argumentIndex;
        _hasDefault = hasDefault;
        _default = defaultValue;
        _acceptsNull = !type.IsValueType || Nullable.GetUnderlyingType(type) is not null;
        TypeName = FriendlyName(type);
    }

    public ParameterKind Kind { get; }

    /// <summary>The position in the event's arguments (for <see cref="ParameterKind.Argument"/>).</summary>
    public int ArgumentIndex { get; }

    /// <summary>A readable name of the expected type, for error messages.</summary>
    public string TypeName { get; }

    public static ParameterPlan For(ParameterInfo parameter, ref int argumentIndex)
    {
        var type = parameter.ParameterType;
        if (type.IsByRef) throw new ArgumentException($"Handler parameter '{parameter.Name}' is by-reference; event handlers take values.");
        ParameterKind? special =
            type == typeof(SocketAck) ? ParameterKind.Ack :
            type == typeof(Socket) ? ParameterKind.Socket :
            type == typeof(SocketIOArgs) ? ParameterKind.Args :
            type == typeof(CancellationToken) ? ParameterKind.CancellationToken : null;
        if (special is { } kind) return new ParameterPlan(kind, type, -1, false, null);

        var hasDefault = parameter.HasDefaultValue;
        var defaultValue = hasDefault ? parameter.DefaultValue : null;
        // Optional value-type parameters without an explicit default report DBNull/Missing.
        if (defaultValue is DBNull || defaultValue == Missing.Value) defaultValue = type.IsValueType ? Activator.CreateInstance(type) : null;
        if (hasDefault && defaultValue is null && type.IsValueType && Nullable.GetUnderlyingType(type) is null)
            defaultValue = Activator.CreateInstance(type);
        return new ParameterPlan(ParameterKind.Argument, type, argumentIndex++, hasDefault, defaultValue);
    }

    /// <summary>Binds the argument; false with the error when it is missing and required, or of the wrong shape.</summary>
    public bool TryBind(SocketIOArgs args, out object? value, out Exception? error)
    {
        error = null;
        if (ArgumentIndex >= args.Count)
        {
            if (_hasDefault || _acceptsNull)
            {
                value = _hasDefault ? _default : null;
                return true;
            }
            value = null;
            error = new ArgumentException($"Argument {ArgumentIndex} is missing.");
            return false;
        }
        try
        {
            value = args.Get(ArgumentIndex, _type);
        }
        catch (Exception ex)
        {
            value = null;
            error = ex;
            return false;
        }
        if (value is null && !_acceptsNull)
        {
            error = new ArgumentException($"Argument {ArgumentIndex} is null.");
            return false;
        }
        return true;
    }

    private static string FriendlyName(Type type)
    {
        if (Nullable.GetUnderlyingType(type) is { } inner) return FriendlyName(inner) + "?";
        if (type == typeof(string)) return "string";
        if (type == typeof(int) || type == typeof(long) || type == typeof(short) || type == typeof(byte)) return "integer";
        if (type == typeof(double) || type == typeof(float) || type == typeof(decimal)) return "number";
        if (type == typeof(bool)) return "boolean";
        if (type == typeof(byte[]) || type == typeof(ReadOnlyMemory<byte>)) return "binary";
        if (type.IsArray || (type != typeof(string) && typeof(System.Collections.IEnumerable).IsAssignableFrom(type) && !type.Name.Contains("Dictionary")))
            return "array";
        return "object";
    }
}
