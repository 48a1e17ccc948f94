using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;

namespace GeoMonitor.Api.Features.Incidents.Query;

/// <summary>
/// A keyset position: the (occurred_at, id) of the last row of a page and the order it was read in. On the wire it
/// is opaque base64url, so clients cannot depend on its layout.
/// </summary>
/// <param name="OccurredAt">occurred_at of the last row (UTC, microsecond precision as stored).</param>
/// <param name="Id">id of the last row.</param>
/// <param name="Order">The order of the walk.</param>
public sealed record IncidentCursor(DateTime OccurredAt, long Id, IncidentOrder Order)
{
    private const byte Version = 1;
    private static readonly DateTime Epoch = DateTime.UnixEpoch;

    /// <summary>The opaque token.</summary>
    public string Encode()
    {
        Span<byte> b = stackalloc byte[18];
        b[0] = Version;
        b[1] = (byte)Order;
        // Microseconds: timestamptz resolution, so a cursor never falls between two stored instants.
        BinaryPrimitives.WriteInt64BigEndian(b[2..], (OccurredAt.ToUniversalTime() - Epoch).Ticks / 10);
        BinaryPrimitives.WriteInt64BigEndian(b[10..], Id);
        return Convert.ToBase64String(b).TrimEnd('=').Replace('+', '-').Replace('/', '_');
    }

    /// <summary>Reads a token made by <see cref="Encode"/>; false for anything else.</summary>
    public static bool TryDecode(string? token, [NotNullWhen(true)] out IncidentCursor? cursor)
    {
        cursor = null;
        if (string.IsNullOrEmpty(token) || token.Length > 64) return false;
        var s = token.Replace('-', '+').Replace('_', '/');
        s += (s.Length % 4) switch { 2 => "==", 3 => "=", 0 => "", _ => "!" };
        Span<byte> b = stackalloc byte[24];
        if (!Convert.TryFromBase64String(s, b, out var n) || n != 18 || b[0] != Version || b[1] > 1) return false;
        var micros = BinaryPrimitives.ReadInt64BigEndian(b[2..]);
        var id = BinaryPrimitives.ReadInt64BigEndian(b[10..]);
        if (micros < -62135596800000000L || micros > 253402300799999999L) return false;
        cursor = new IncidentCursor(Epoch.AddTicks(micros * 10), id, (IncidentOrder)b[1]);
        return true;
    }
}
