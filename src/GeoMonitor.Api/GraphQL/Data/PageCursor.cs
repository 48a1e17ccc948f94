using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;
using GeoMonitor.Api.Features.Incidents.Query;

namespace GeoMonitor.Api.GraphQL.Data;

/// <summary>
/// A position in an incident list of the GraphQL API: either the REST API's keyset cursor over (occurred_at, id)
/// (<see cref="IncidentCursor"/>, so a cursor means the same on both surfaces), or a position in a nearest-first list
/// over (distance, id). Opaque base64url on the wire.
/// </summary>
public sealed record PageCursor
{
    private const byte DistanceVersion = 2;

    /// <summary>The time keyset position, for the OCCURRED_AT orders.</summary>
    public IncidentCursor? Time { get; init; }

    /// <summary>The distance of the last row (null = a row without a distance, sorted last), for DISTANCE.</summary>
    public double? Distance { get; init; }

    /// <summary>The id of the last row, for DISTANCE.</summary>
    public long DistanceId { get; init; }

    /// <summary>Whether this is a DISTANCE position.</summary>
    public bool IsDistance => Time is null;

    /// <summary>A time position.</summary>
    public static PageCursor At(IncidentCursor time) => new() { Time = time };

    /// <summary>A distance position.</summary>
    public static PageCursor AtDistance(double? distance, long id) => new() { Distance = distance, DistanceId = id };

    /// <summary>The opaque token.</summary>
    public string Encode()
    {
        if (Time is { } t) return t.Encode();
        Span<byte> b = stackalloc byte[18];
        b[0] = DistanceVersion;
        b[1] = Distance is null ? (byte)0 : (byte)1;
        BinaryPrimitives.WriteDoubleBigEndian(b[2..], Distance ?? 0);
        BinaryPrimitives.WriteInt64BigEndian(b[10..], DistanceId);
        return Convert.ToBase64String(b).TrimEnd('=').Replace('+', '-').Replace('/', '_');
    }

    /// <summary>Reads a token made by <see cref="Encode"/>; false for anything else.</summary>
    public static bool TryDecode(string? token, [NotNullWhen(true)] out PageCursor? cursor)
    {
        cursor = null;
        if (IncidentCursor.TryDecode(token, out var time))
        {
            cursor = At(time);
            return true;
        }
        if (string.IsNullOrEmpty(token) || token.Length > 64) return false;
        var s = token.Replace('-', '+').Replace('_', '/');
        s += (s.Length % 4) switch { 2 => "==", 3 => "=", 0 => "", _ => "!" };
        Span<byte> b = stackalloc byte[24];
        if (!Convert.TryFromBase64String(s, b, out var n) || n != 18 || b[0] != DistanceVersion || b[1] > 1) return false;
        var d = BinaryPrimitives.ReadDoubleBigEndian(b[2..]);
        if (!double.IsFinite(d) || d < 0) return false;
        cursor = AtDistance(b[1] == 1 ? d : null, BinaryPrimitives.ReadInt64BigEndian(b[10..]));
        return true;
    }
}
