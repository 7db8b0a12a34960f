namespace Tether.SocketIO.Adapters;

/// <summary>Creates the adapter of each namespace. Replace it in DI to use another adapter (Redis...).</summary>
public interface IAdapterFactory
{
    /// <summary>Creates the adapter for <paramref name="nsp"/>; called once per namespace.</summary>
    Adapter Create(Namespace nsp);
}

/// <summary>The default factory: <see cref="InMemoryAdapter"/> (a single server).</summary>
public sealed class InMemoryAdapterFactory : IAdapterFactory
{
    /// <inheritdoc />
    public Adapter Create(Namespace nsp) => new InMemoryAdapter(nsp);
}
