using GeoMonitor.Api.GraphQL.Data;
using GeoMonitor.Api.GraphQL.Resolvers;
using GeoMonitor.Api.GraphQL.Scalars;
using GeoMonitor.GraphQL.Types;
using GeoMonitor.GraphQL.Utilities;

namespace GeoMonitor.Api.GraphQL;

/// <summary>
/// The domain schema: schema.graphql (embedded) with its scalars, enum values and resolvers bound by type and field.
/// Enum values carry the database's spelling internally (IncidentStatus.COOLING_OFF is "cooling_off",
/// AcledEventType.EXPLOSIONS_REMOTE_VIOLENCE is "Explosions/Remote violence"), so resolvers pass stored values through.
/// </summary>
public static class GeoMonitorSchema
{
    /// <summary>The SDL text.</summary>
    public static string Sdl { get; } = ReadSdl();

    /// <summary>Builds the schema (fails at start-up if a binding names a type or field the SDL lacks).</summary>
    public static Schema Build()
    {
        var b = SchemaBuilder.FromSdl(Sdl);
        foreach (var s in new[]
                 {
                     DateTimeScalar.Type, JsonScalars.GeoJson, JsonScalars.Json, NumberScalars.Longitude, NumberScalars.Latitude,
                     NumberScalars.Metres, NumberScalars.PageSize, TextScalars.Cursor, TextScalars.FeedToken, TextScalars.Slug,
                 })
            b.Scalar(s.Name, v => s.Serialize(v), v => s.ParseValue(v), (node, vars) => s.ParseLiteral(node, vars));
        Lower(b, "IncidentStatus", "REPORTED", "ASSIGNED", "VERIFIED_ON_SITE", "COULD_NOT_VERIFY", "COOLING_OFF", "UNDER_INDEPENDENT_REVIEW",
            "PUBLISHED_VERIFIED", "PUBLISHED_DISPUTED", "REJECTED");
        Lower(b, "VerificationOutcome", "VERIFIED_ON_SITE", "COULD_NOT_VERIFY");
        Lower(b, "NoteKind", "NOTE", "COUNTER_REPORT");
        Lower(b, "ClarificationStatus", "OPEN", "ANSWERED", "CLOSED");
        Lower(b, "LineSide", "NORTH", "SOUTH");
        Lower(b, "BlueLineSide", "NORTH", "SOUTH", "ON_LINE");
        Lower(b, "ZoneKind", "BUFFER", "WITHDRAWAL", "VALLEY", "AREA_OF_OPERATIONS", "SECURITY", "RETAINED_POST", "OTHER");
        Lower(b, "LineKind", "BLUE_LINE", "RIVER", "ROAD", "BOUNDARY", "OTHER");
        Lower(b, "BufferSide", "NORTH", "SOUTH", "BOTH");
        Lower(b, "CorridorStatus", "OPEN", "CLOSED", "SUSPENDED", "PLANNED");
        Lower(b, "StatsBucket", "DAY", "WEEK");
        Lower(b, "LayerChange", "CREATE", "UPDATE", "DELETE");
        Lower(b, "DisputeKind", "POINT", "SEGMENT");
        Lower(b, "ChangeKind", "INCIDENT", "LINE", "ZONE", "CORRIDOR", "TRUCE", "CLAIM");
        Lower(b, "ChangeType", "CREATED", "UPDATED");
        Lower(b, "TombstoneReason", "DELETED", "REJECTED", "WITHDRAWN", "NO_LONGER_PUBLIC");
        foreach (var (name, label) in Acled.EventTypes) b.EnumValue("AcledEventType", name, label);
        foreach (var (name, label) in Acled.SubEventTypes) b.EnumValue("AcledSubEventType", name, label);
        b.BindEnum<GqlIncidentOrder>("IncidentOrder");
        // Truce mechanisms (docs/truce-mechanisms.md).
        Lower(b, "NotificationKind", "TROOP_MOVEMENT", "STRIKE", "CONVOY", "HUMANITARIAN_MOVEMENT", "EXERCISE", "OTHER");
        Lower(b, "NotificationStatus", "FILED", "ACKNOWLEDGED", "WITHDRAWN");
        Lower(b, "ConflictKind", "CORRIDOR", "NOTIFICATION", "BENCHMARK", "TRUCE");
        Lower(b, "BenchmarkState", "MET", "OVERDUE", "PENDING");
        Lower(b, "BenchmarkStatus", "PENDING", "MET", "PARTIALLY_MET", "NOT_MET");
        Lower(b, "CustodyForce", "IDF", "LAF", "UNIFIL", "INTERNATIONAL_COALITION", "NONE", "ORGANISATION");
        b.BindNotifications().BindBenchmarks().BindCustody();
        return b.BindLayers().BindIncidents().BindReports().BindMutations().BindLayerAdmin().BindSubscriptions()
            .BindVerification()
            .BindRecord()
            .Build();
    }

    private static void Lower(SchemaBuilder b, string type, params string[] values)
    {
        foreach (var v in values) b.EnumValue(type, v, v.ToLowerInvariant());
    }

    private static string ReadSdl()
    {
        using var stream = typeof(GeoMonitorSchema).Assembly.GetManifestResourceStream("graphql/schema.graphql")
            ?? throw new InvalidOperationException("schema.graphql is not embedded in the assembly.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
