namespace GeoMonitor.GraphQL.Limits;

/// <summary>
/// Guards against expensive requests. Size and token limits apply while parsing, depth and cost after validation
/// (before any resolver runs), and the timeout during execution. Null disables a limit.
/// </summary>
public sealed record GraphQLLimits
{
    /// <summary>Limits suited to a public endpoint.</summary>
    public static GraphQLLimits Default { get; } = new();

    /// <summary>No limits at all, for trusted callers and tests.</summary>
    public static GraphQLLimits None { get; } = new()
    {
        MaxDocumentLength = null,
        MaxTokens = null,
        MaxDepth = null,
        MaxCost = null,
        MaxIntrospectionDepth = null,
        Timeout = null,
    };

    /// <summary>Largest accepted document, in characters.</summary>
    public int? MaxDocumentLength { get; init; } = 100_000;

    /// <summary>Most lexical tokens a document may have; parsing stops at the first one over.</summary>
    public int? MaxTokens { get; init; } = 10_000;

    /// <summary>Deepest field nesting allowed; root fields are at depth 1.</summary>
    public int? MaxDepth { get; init; } = 15;

    /// <summary>Highest allowed cost: each field costs 1 and list fields multiply the cost of their selections.</summary>
    public int? MaxCost { get; init; } = 50_000;

    /// <summary>
    /// How deeply the introspection lists fields, inputFields, interfaces and possibleTypes may nest; the standard
    /// introspection query needs 1, and each extra level multiplies the response by the schema's size.
    /// </summary>
    public int? MaxIntrospectionDepth { get; init; } = 3;

    /// <summary>The item count assumed for a list field without a page-size argument.</summary>
    public int DefaultListSize { get; init; } = 10;

    /// <summary>Arguments read as the page size of a list field.</summary>
    public IReadOnlyList<string> ListSizeArguments { get; init; } = ["first", "last", "limit"];

    /// <summary>How long execution may take; resolvers see cancellation, and the request fails with code TIMEOUT.</summary>
    public TimeSpan? Timeout { get; init; } = TimeSpan.FromSeconds(30);
}
