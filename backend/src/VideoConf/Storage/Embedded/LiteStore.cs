using LiteDB;
using VideoConf.Storage.Contract;

namespace VideoConf.Storage.Embedded;

/// <summary>
/// The embedded LiteDB database under the data folder, opened in shared mode so several processes on one machine
/// can use the same file (LiteDB then holds a machine-wide named mutex for each operation or transaction).
/// </summary>
/// <remarks>
/// All access goes through <see cref="Read{T}"/> and <see cref="Write{T}"/>, which run synchronously under one
/// in-process lock: LiteDB binds a transaction to the calling thread and the shared engine's mutex must be
/// released by the thread that took it, so work must neither hop threads nor interleave within the process.
/// </remarks>
internal sealed class LiteStore : IDisposable
{
    public const string FileName = "videoconf.db";

    private readonly LiteDatabase _db;
    private readonly Lock _gate = new();

    public LiteStore(DataFolder folder) : this(Path.Combine(folder.Path, FileName))
    {
    }

    public LiteStore(string filePath)
    {
        FilePath = filePath;
        var connection = new ConnectionString { Filename = filePath, Connection = ConnectionType.Shared };
        _db = new LiteDatabase(connection, LiteMapping.CreateMapper());
        Write(db =>
        {
            LiteCollections.EnsureIndexes(db);
            return true;
        });
    }

    public string FilePath { get; }

    /// <summary>Runs a read. Materialise query results inside <paramref name="work"/>: readers hold the lock.</summary>
    public T Read<T>(Func<LiteDatabase, T> work)
    {
        lock (_gate) return work(_db);
    }

    /// <summary>Runs <paramref name="work"/> as one transaction, atomic also against other processes.</summary>
    public T Write<T>(Func<LiteDatabase, T> work)
    {
        lock (_gate)
        {
            _db.BeginTrans();
            try
            {
                var result = work(_db);
                _db.Commit();
                return result;
            }
            catch
            {
                _db.Rollback();
                throw;
            }
        }
    }

    public void Dispose()
    {
        lock (_gate) _db.Dispose();
    }
}
