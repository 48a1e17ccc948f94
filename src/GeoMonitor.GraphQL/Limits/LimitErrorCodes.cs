namespace GeoMonitor.GraphQL.Limits;

/// <summary>The extensions.code values of errors raised by <see cref="GraphQLLimits"/>.</summary>
public static class LimitErrorCodes
{
    /// <summary>The document has more characters than allowed.</summary>
    public const string DocumentTooLarge = "DOCUMENT_TOO_LARGE";

    /// <summary>The document has more tokens than allowed.</summary>
    public const string TooManyTokens = "MAX_TOKENS_EXCEEDED";

    /// <summary>The operation nests fields deeper than allowed.</summary>
    public const string TooDeep = "MAX_DEPTH_EXCEEDED";

    /// <summary>The operation's estimated cost is over the limit.</summary>
    public const string TooCostly = "MAX_COST_EXCEEDED";

    /// <summary>Introspection lists nest deeper than allowed.</summary>
    public const string IntrospectionTooDeep = "MAX_INTROSPECTION_DEPTH_EXCEEDED";

    /// <summary>Execution ran out of time.</summary>
    public const string Timeout = "TIMEOUT";
}
