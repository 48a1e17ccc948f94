using System.Globalization;
using GeoMonitor.Api.Features.Incidents;
using GeoMonitor.GraphQL.Language;
using GeoMonitor.GraphQL.Types;

namespace GeoMonitor.Api.GraphQL.Scalars;

/// <summary>
/// Bounded numbers (Longitude, Latitude, Metres, PageSize). A value out of range fails input coercion, so the request
/// is refused before anything runs — the same ranges the REST API checks.
/// </summary>
public static class NumberScalars
{
    /// <summary>The largest page.</summary>
    public const int MaxPageSize = 1000;

    /// <summary>Longitude: finite, −180..180.</summary>
    public static ScalarType Longitude { get; } = Bounded("Longitude", -180, 180, false, "must be a number of degrees from -180 to 180");

    /// <summary>Latitude: finite, −90..90.</summary>
    public static ScalarType Latitude { get; } = Bounded("Latitude", -90, 90, false, "must be a number of degrees from -90 to 90");

    /// <summary>Metres: finite, (0, 500 km].</summary>
    public static ScalarType Metres { get; } = Bounded("Metres", 0, IncidentRequest.MaxDistanceM, true, "must be a number of metres greater than 0 and at most 500000");

    /// <summary>PageSize: an integer 1..1000.</summary>
    public static ScalarType PageSize { get; } = new("PageSize",
        serialize: v => Convert.ToInt32(v, CultureInfo.InvariantCulture),
        parseValue: v => PageSizeOf(Number(v, "PageSize"), v),
        parseLiteral: (node, vars) => PageSizeOf(Literal(node, vars, "PageSize"), node is IntValueNode i ? i.Value : node));

    private static ScalarType Bounded(string name, double min, double max, bool minExclusive, string rule)
    {
        double Check(double? x, object? raw)
        {
            if (x is not { } d || !double.IsFinite(d) || d < min || d > max || (minExclusive && d <= min))
                throw ScalarErrors.Refuse(name, rule, raw);
            return d;
        }
        return new ScalarType(name,
            serialize: v => Convert.ToDouble(v, CultureInfo.InvariantCulture),
            parseValue: v => Check(Number(v, name), v),
            parseLiteral: (node, vars) => Check(Literal(node, vars, name), node switch
            {
                IntValueNode i => i.Value,
                FloatValueNode f => f.Value,
                StringValueNode s => s.Value,
                _ => node.GetType().Name,
            }));
    }

    private static int PageSizeOf(double? x, object? raw)
    {
        if (x is not { } d || d != Math.Floor(d) || d < 1 || d > MaxPageSize)
            throw ScalarErrors.Refuse("PageSize", $"must be an integer from 1 to {MaxPageSize}", raw);
        return (int)d;
    }

    // JSON numbers arrive as long or double; strings and booleans are not numbers.
    private static double? Number(object? v, string name) => v switch
    {
        int i => i,
        long l => l,
        double d => d,
        float f => f,
        decimal m => (double)m,
        _ => throw ScalarErrors.Refuse(name, "must be a number", v),
    };

    private static double? Literal(ValueNode node, IReadOnlyDictionary<string, object?>? vars, string name) => node switch
    {
        IntValueNode i => double.Parse(i.Value, CultureInfo.InvariantCulture),
        FloatValueNode f => double.Parse(f.Value, CultureInfo.InvariantCulture),
        VariableNode v when vars is not null && vars.TryGetValue(v.Name.Value, out var value) => Number(value, name),
        _ => throw ScalarErrors.Refuse(name, "must be a number", node is StringValueNode s ? s.Value : node.GetType().Name),
    };
}
