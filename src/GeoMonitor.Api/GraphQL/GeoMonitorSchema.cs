using GeoMonitor.Api.GraphQL.Data;
using GeoMonitor.Api.GraphQL.Resolvers;
using GeoMonitor.Api.GraphQL.Scalars;
using GeoMonitor.GraphQL.Types;
using GeoMonitor.GraphQL.Utilities;

namespace GeoMonitor.Api.GraphQL;

/// <summary>
/// The domain schema: schema.graphql (embedded) with its scalars, enum values and resolvers bound by type and field.
/// Enum values carry the database's spelling internally (IncidentStatus.UNDER_REVIEW is "under_review",
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
                     NumberScalars.Metres, NumberScalars.PageSize, TextScalars.Cursor, TextScalars.Slug,
                 })
            b.Scalar(s.Name, v => s.Serialize(v), v => s.ParseValue(v), (node, vars) => s.ParseLiteral(node, vars));
        Lower(b, "IncidentStatus", "REPORTED", "UNDER_REVIEW", "VERIFIED", "DISPUTED", "REJECTED");
        Lower(b, "LineSide", "NORTH", "SOUTH");
        Lower(b, "BlueLineSide", "NORTH", "SOUTH", "ON_LINE");
        Lower(b, "ZoneKind", "BUFFER", "WITHDRAWAL", "VALLEY", "AREA_OF_OPERATIONS", "SECURITY", "RETAINED_POST", "OTHER");
        Lower(b, "LineKind", "BLUE_LINE", "RIVER", "ROAD", "BOUNDARY", "OTHER");
        Lower(b, "BufferSide", "NORTH", "SOUTH", "BOTH");
        Lower(b, "CorridorStatus", "OPEN", "CLOSED", "SUSPENDED", "PLANNED");
        Lower(b, "StatsBucket", "DAY", "WEEK");
        Lower(b, "LayerChange", "CREATE", "UPDATE", "DELETE");
        Lower(b, "DisputeKind", "POINT", "SEGMENT");
        foreach (var (name, label) in Acled.EventTypes) b.EnumValue("AcledEventType", name, label);
        foreach (var (name, label) in Acled.SubEventTypes) b.EnumValue("AcledSubEventType", name, label);
        b.BindEnum<GqlIncidentOrder>("IncidentOrder");
        return b.BindLayers().BindIncidents().BindReports().BindMutations().BindLayerAdmin().BindSubscriptions().BindRecord().Build();
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
