namespace GeoMonitor.GraphQL.Language;

/// <summary>Thrown by the lexer and parser; the message reads "Syntax Error: ..." like graphql-js.</summary>
public sealed class GraphQLSyntaxError : GraphQLException
{
    /// <summary>Creates a syntax error at a character offset of the source.</summary>
    public GraphQLSyntaxError(Source source, int position, string description, string? code = null)
        : base("Syntax Error: " + description, code is null ? null : new Dictionary<string, object?> { ["code"] = code })
    {
        GraphQLSource = source;
        Position = position;
        Locations = [source.GetLocation(position)];
        Description = description;
    }

    /// <summary>The source that failed to parse.</summary>
    public Source GraphQLSource { get; }

    /// <summary>Offset of the offending character.</summary>
    public int Position { get; }

    /// <summary>The message without the "Syntax Error: " prefix.</summary>
    public string Description { get; }
}
