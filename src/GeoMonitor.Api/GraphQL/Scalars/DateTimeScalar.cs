using GeoMonitor.Api.Features.Common;
using GeoMonitor.Api.Features.Incidents;
using GeoMonitor.GraphQL.Language;
using GeoMonitor.GraphQL.Types;

namespace GeoMonitor.Api.GraphQL.Scalars;

/// <summary>
/// DateTime: ISO 8601 with an offset, or a date alone (midnight UTC), read exactly as the REST API reads instants
/// (<see cref="QueryReader.ParseInstant"/>); written as UTC with a Z, as the REST API writes them.
/// </summary>
public static class DateTimeScalar
{
    /// <summary>The scalar.</summary>
    public static ScalarType Type { get; } = new("DateTime", Serialize, v => Parse(v), (node, vars) => node switch
    {
        StringValueNode s => Parse(s.Value),
        VariableNode v when vars is not null && vars.TryGetValue(v.Name.Value, out var value) => Parse(value),
        _ => throw ScalarErrors.Refuse("DateTime", "must be an ISO 8601 string", node.GetType().Name),
    });

    /// <summary>An instant as written in answers.</summary>
    public static object Serialize(object value) => value switch
    {
        DateTime t => IncidentColumns.Instant(t.Kind == DateTimeKind.Local ? t.ToUniversalTime() : t),
        DateTimeOffset o => IncidentColumns.Instant(o.UtcDateTime),
        string s => s,
        _ => throw ScalarErrors.Refuse("DateTime", "cannot represent this value", value),
    };

    private static DateTimeOffset Parse(object? value)
    {
        if (value is not string s)
            throw ScalarErrors.Refuse("DateTime", "must be an ISO 8601 string with an offset (2026-04-17T21:00:00Z) or a date (2026-04-17)", value);
        try
        {
            return QueryReader.ParseInstant("DateTime", s.Trim());
        }
        catch (QueryParameterException)
        {
            throw ScalarErrors.Refuse("DateTime", "must be an ISO 8601 instant with an offset (2026-04-17T21:00:00Z) or a date (2026-04-17)", value);
        }
    }
}
