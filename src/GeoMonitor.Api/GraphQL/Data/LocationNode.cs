namespace GeoMonitor.Api.GraphQL.Data;

/// <summary>
/// What applies at a coordinate and instant, as /api/locate computes it; layers are resolved from their slugs, as
/// recorded at <see cref="AsOf"/> when it was asked (null: as they are).
/// </summary>
public sealed record LocationNode(double Lon, double Lat, DateTime At, IReadOnlyList<string> ZoneSlugs,
    IReadOnlyList<(string Slug, bool Open)> Corridors, IReadOnlyList<string> TruceSlugs, BlueLineNode? BlueLine, DateTimeOffset? AsOf = null);

/// <summary>A corridor containing a located point, and whether it is open at the instant asked.</summary>
public sealed record LocatedCorridorNode(CorridorNode Corridor, bool Open);

/// <summary>A count for one key of a truce report.</summary>
public sealed record KeyCountNode(string Key, object? Count);

/// <summary>A change for one key of a truce report.</summary>
public sealed record KeyChangeNode(string Key, object? Change);
