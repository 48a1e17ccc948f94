using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;

namespace GeoMonitor.Api.Features.Changes;

/// <summary>
/// A position in the changes feed: the database that issued it (V051's feed_origin), and the (transaction id, change
/// sequence) of the last change served. Opaque base64url on the wire, so clients store it whole and never build one.
/// </summary>
/// <param name="Origin">The issuing database.</param>
/// <param name="TxId">The 64-bit transaction id of the last change served (0 before the first).</param>
/// <param name="Seq">Its change_seq (0 before the first).</param>
public sealed record ChangeToken(Guid Origin, ulong TxId, long Seq)
{
    private const byte Version = 1;
    private const int Length = 33;

    /// <summary>The position before every change of <paramref name="origin"/>.</summary>
    public static ChangeToken Start(Guid origin) => new(origin, 0, 0);

    /// <summary>The opaque text.</summary>
    public string Encode()
    {
        Span<byte> b = stackalloc byte[Length];
        b[0] = Version;
        Origin.TryWriteBytes(b.Slice(1, 16), bigEndian: true, out _);
        BinaryPrimitives.WriteUInt64BigEndian(b[17..], TxId);
        BinaryPrimitives.WriteInt64BigEndian(b[25..], Seq);
        return Convert.ToBase64String(b).TrimEnd('=').Replace('+', '-').Replace('/', '_');
    }

    /// <summary>Reads a token made by <see cref="Encode"/>; false for anything else.</summary>
    public static bool TryDecode(string? text, [NotNullWhen(true)] out ChangeToken? token)
    {
        token = null;
        if (string.IsNullOrEmpty(text) || text.Length > 64) return false;
        var s = text.Replace('-', '+').Replace('_', '/');
        s += (s.Length % 4) switch { 2 => "==", 3 => "=", 0 => "", _ => "!" };
        Span<byte> b = stackalloc byte[48];
        if (!Convert.TryFromBase64String(s, b, out var n) || n != Length || b[0] != Version) return false;
        var seq = BinaryPrimitives.ReadInt64BigEndian(b[25..]);
        if (seq < 0) return false;
        token = new ChangeToken(new Guid(b.Slice(1, 16), bigEndian: true), BinaryPrimitives.ReadUInt64BigEndian(b[17..]), seq);
        return true;
    }
}
