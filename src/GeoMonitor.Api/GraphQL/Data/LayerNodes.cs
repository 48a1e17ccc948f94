namespace GeoMonitor.Api.GraphQL.Data;

/// <summary>A line as the GraphQL API shows it (geometry is loaded separately, only when asked for).</summary>
public sealed record LineNode(string Slug, string Name, string? NameAr, string? NameHe, string Kind, double LengthKm,
    string Source, string? Method, bool Approximate, DateTime UpdatedAt);

/// <summary>A zone (geometry loaded separately).</summary>
public sealed record ZoneNode(string Slug, string Name, string? NameAr, string? NameHe, string Kind, int? Phase, DateTime? Deadline,
    DateTime? ValidFrom, DateTime? ValidTo, ZoneBufferNode? BufferOf, double AreaKm2, string Source, string? Method, bool Approximate,
    DateTime UpdatedAt);

/// <summary>How a buffer zone was derived.</summary>
public sealed record ZoneBufferNode(string LineSlug, double Metres, string? Side);

/// <summary>A corridor (geometry and route loaded separately).</summary>
public sealed record CorridorNode(string Slug, string Name, string? NameAr, string? NameHe, double WidthMetres, string Status,
    string? Operator, string Source, string? Method, bool Approximate, IReadOnlyList<CorridorWindowNode> Windows, DateTime UpdatedAt);

/// <summary>An opening window [From, To).</summary>
public sealed record CorridorWindowNode(DateTime From, DateTime? To, string? Note);

/// <summary>A truce with its scope slugs and extension history.</summary>
public sealed record TruceNode(string Slug, string Name, DateTime Start, DateTime? End, DateTime? OriginalEnd, double? DurationDays,
    string[] Parties, string[]? ScopeSlugs, IReadOnlyList<TruceExtensionNode> Extensions, string Source, string? Notes, DateTime UpdatedAt)
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
