using GeoMonitor.GraphQL;

namespace GeoMonitor.Api.GraphQL.Scalars;

/// <summary>
/// How a custom scalar refuses a value: a <see cref="GraphQLException"/> whose message names the scalar and the rule.
/// The engine turns it into an input-coercion error, so a bad value is a request error (no data), never a field error.
/// </summary>
internal static class ScalarErrors
{
    /// <summary>The exception for a value <paramref name="scalar"/> refuses.</summary>
    public static GraphQLException Refuse(string scalar, string rule, object? value) =>
        new($"{scalar} {rule}; got {Describe(value)}.", "BAD_USER_INPUT");

    private static string Describe(object? value) => value switch
    {
        null => "null",
        string s => "\"" + (s.Length > 60 ? s[..60] + "…" : s) + "\"",
        IFormattable f => f.ToString(null, System.Globalization.CultureInfo.InvariantCulture),
        _ => value.GetType().Name,
    };
}
