namespace GeoMonitor.GraphQL.Language;

/// <summary>A 1-based line and column in a source text, as reported in GraphQL errors.</summary>
/// <param name="Line">1-based line.</param>
/// <param name="Column">1-based column, counted in UTF-16 code units like graphql-js.</param>
public readonly record struct SourceLocation(int Line, int Column);

/// <summary>The span of source text an AST node was parsed from.</summary>
/// <param name="Start">Offset of the first character.</param>
/// <param name="End">Offset just past the last character.</param>
/// <param name="Line">Line of the first character.</param>
/// <param name="Column">Column of the first character.</param>
/// <param name="Source">The parsed source.</param>
public sealed record Location(int Start, int End, int Line, int Column, Source Source)
{
    /// <summary>The start position as a line and column.</summary>
    public SourceLocation StartLocation => new(Line, Column);
}
