namespace GeoMonitor.GraphQL.Language;

/// <summary>Options for <see cref="Parser"/>.</summary>
public sealed record ParserOptions
{
    /// <summary>Stops parsing with a syntax error once the document has more tokens than this.</summary>
    public int MaxTokens { get; init; } = int.MaxValue;

    /// <summary>
    /// Deepest nesting of selection sets, list/object values and list types. Everything after parsing walks the
    /// tree recursively, so this keeps hostile documents from exhausting the stack.
    /// </summary>
    public int MaxNestingDepth { get; init; } = 256;

    /// <summary>Skips recording source locations, which saves allocations when errors need no positions.</summary>
    public bool NoLocation { get; init; }
}
