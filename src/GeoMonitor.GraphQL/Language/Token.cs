namespace GeoMonitor.GraphQL.Language;

/// <summary>One lexical token; Value is set for names, numbers and (decoded) strings.</summary>
internal readonly record struct Token(TokenKind Kind, int Start, int End, int Line, int Column, string? Value)
{
    public string Describe() => Value is null ? Kind.Describe() : $"{Kind.Describe()} \"{Value}\"";
}
