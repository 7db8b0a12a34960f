namespace VideoConf.Domain;

/// <summary>Server-generated ids: time-ordered (v7) GUIDs as 32 hex digits, the same in both stores.</summary>
internal static class Ids
{
    public static string New() => Guid.CreateVersion7().ToString("N");
}
