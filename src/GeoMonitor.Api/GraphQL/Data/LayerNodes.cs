namespace GeoMonitor.Api.GraphQL.Data;

/// <summary>A line as the GraphQL API shows it (geometry is loaded separately, only when asked for).</summary>
public sealed record LineNode(string Slug, string Name, string? NameAr, string? NameHe, string Kind, double LengthKm,
    string Source, string? Method, bool Approximate, DateTime UpdatedAt, LayerAt? At = null, string? Claim = null);

/// <summary>A zone (geometry loaded separately).</summary>
public sealed record ZoneNode(string Slug, string Name, string? NameAr, string? NameHe, string Kind, int? Phase, DateTime? Deadline,
    DateTime? ValidFrom, DateTime? ValidTo, ZoneBufferNode? BufferOf, double AreaKm2, string Source, string? Method, bool Approximate,
    DateTime UpdatedAt, LayerAt? At = null);

/// <summary>How a buffer zone was derived.</summary>
public sealed record ZoneBufferNode(string LineSlug, double Metres, string? Side);

/// <summary>A corridor (geometry and route loaded separately).</summary>
public sealed record CorridorNode(string Slug, string Name, string? NameAr, string? NameHe, double WidthMetres, string Status,
    string? Operator, string Source, string? Method, bool Approximate, IReadOnlyList<CorridorWindowNode> Windows, DateTime UpdatedAt, LayerAt? At = null);

/// <summary>An opening window [From, To).</summary>
public sealed record CorridorWindowNode(DateTime From, DateTime? To, string? Note);

/// <summary>A truce with its scope slugs and extension history.</summary>
public sealed record TruceNode(string Slug, string Name, DateTime Start, DateTime? End, DateTime? OriginalEnd, double? DurationDays,
    string[] Parties, string[]? ScopeSlugs, IReadOnlyList<TruceExtensionNode> Extensions, string Source, string? Notes, DateTime UpdatedAt,
    LayerAt? At = null)
{
    /// <summary>True when the truce has no scope.</summary>
    public bool WholeRegion => ScopeSlugs is null;
}

/// <summary>One extension of a truce.</summary>
public sealed record TruceExtensionNode(DateTime? AnnouncedAt, DateTime? PreviousEnd, DateTime NewEnd, string? Source);

/// <summary>Distance and side of the Blue Line, as the stored enrichment and /api/locate give them.</summary>
public sealed record BlueLineNode(double DistanceMetres, string? Side)
{
    /// <summary>Positive north, negative south, 0 on the line.</summary>
    public double SignedDistanceMetres => Side switch { "south" => -DistanceMetres, "on_line" => 0, _ => DistanceMetres };

    /// <summary>From stored columns (distance rounded to the decimetre as the REST API publishes it); null without a Blue Line.</summary>
    public static BlueLineNode? From(double? metres, string? side) =>
        metres is { } m ? new BlueLineNode(Features.Incidents.IncidentColumns.RoundDistance(m), side) : null;
}

// ---- the record over time (issue 15) ----------------------------------------------------------------------------

/// <summary>Which version of a layer a node shows: its number and record time, and the asOf it was read at (null = now).</summary>
public sealed record LayerAt(int? Version, DateTime? RecordedFrom, DateTimeOffset? AsOf);

/// <summary>One kept version of a layer (GET /api/{kind}s/{slug}/versions), with what it measures and its difference from the one before.</summary>
public sealed record LayerVersionNode(int Version, string Change, DateTime RecordedFrom, DateTime? RecordedTo, string? RecordedBy,
    double? LengthKm, double? AreaKm2, double? RouteLengthKm, double? WidthMetres, DateTime? ValidFrom, DateTime? ValidTo,
    DateTime? Start, DateTime? End, double? DurationDays, LayerVersionDiffNode? Diff);

/// <summary>How a version differs from the one before it (null members do not apply to the kind).</summary>
public sealed record LayerVersionDiffNode(int FromVersion, double? LengthKm, double? MaxShiftMetres, double? AreaKm2, double? AddedKm2,
    double? RemovedKm2, double? RouteLengthKm, double? WidthMetres, double? StartMovedDays, double? EndMovedDays, double? DurationDays);

/// <summary>A disputed point or segment of a line, with the parties' claims and how far apart they are.</summary>
public sealed record DisputeNode(string Slug, string Name, string LineSlug, string Kind, string Source, string? Note, bool PositionsHeld,
    IReadOnlyList<ClaimNode> Claims, IReadOnlyList<ClaimSeparationNode> Separations, double? MaxSeparationMetres, DateTime UpdatedAt);

/// <summary>One party's position for a dispute, in the version shown.</summary>
public sealed record ClaimNode(string Party, string PositionJson, string Source, string? Note, DateTime RecordedAt, string? RecordedBy,
    int? Version = null, DateTime? RecordedFrom = null);

/// <summary>The separation of two parties' claims in geodesic metres.</summary>
public sealed record ClaimSeparationNode(IReadOnlyList<string> Parties, double Metres);
