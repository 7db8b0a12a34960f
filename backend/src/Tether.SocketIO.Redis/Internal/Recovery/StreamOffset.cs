using System.Globalization;

namespace Tether.SocketIO.Redis.Internal.Recovery;

/// <summary>
/// A Redis stream entry id (<c>&lt;milliseconds&gt;-&lt;sequence&gt;</c>), the offset of a broadcast logged in the
/// shared log. Offsets of the in-memory log look different, so a client's offset says which log it came from.
/// </summary>
internal readonly record struct StreamOffset(ulong Milliseconds, ulong Sequence) : IComparable<StreamOffset>
{
    /// <summary>Parses the canonical form only (no sign, no leading zeros), as Redis writes ids.</summary>
    public static bool TryParse(string? text, out StreamOffset offset)
    {
        offset = default;
        if (string.IsNullOrEmpty(text) || text.Length > 41) return false;
        var dash = text.IndexOf('-');
        if (dash <= 0 || dash == text.Length - 1) return false;
        var ms = text.AsSpan(0, dash);
        var seq = text.AsSpan(dash + 1);
        if (!IsCanonical(ms) || !IsCanonical(seq)) return false;
        if (!ulong.TryParse(ms, NumberStyles.None, CultureInfo.InvariantCulture, out var m)) return false;
        if (!ulong.TryParse(seq, NumberStyles.None, CultureInfo.InvariantCulture, out var s)) return false;
        offset = new StreamOffset(m, s);
        return true;
    }

    /// <summary>The smallest id after this one (the exclusive start of a range, which works on every Redis 5+).</summary>
    public StreamOffset Next() => Sequence == ulong.MaxValue ? new StreamOffset(Milliseconds + 1, 0) : this with { Sequence = Sequence + 1 };

    public int CompareTo(StreamOffset other)
    {
        var byTime = Milliseconds.CompareTo(other.Milliseconds);
        return byTime != 0 ? byTime : Sequence.CompareTo(other.Sequence);
    }

    public static bool operator >(StreamOffset left, StreamOffset right) => left.CompareTo(right) > 0;

    public static bool operator <(StreamOffset left, StreamOffset right) => left.CompareTo(right) < 0;

    public override string ToString()
        => Milliseconds.ToString(CultureInfo.InvariantCulture) + "-" + Sequence.ToString(CultureInfo.InvariantCulture);

    private static bool IsCanonical(ReadOnlySpan<char> digits)
    {
        if (digits.Length == 0 || (digits.Length > 1 && digits[0] == '0')) return false;
        foreach (var c in digits)
        {
            if (c is < '0' or > '9') return false;
        }
        return true;
    }
}
