using System.Text;

namespace GeoMonitor.Api.Ogc.Cql2;

/// <summary>The kinds of CQL2 text tokens.</summary>
public enum Cql2TokenKind
{
    /// <summary>A name: a keyword, a function or an unquoted property.</summary>
    Identifier,
    /// <summary>A property in double quotes.</summary>
    QuotedIdentifier,
    /// <summary>A character literal in single quotes ('' is a quote).</summary>
    String,
    /// <summary>A numeric literal, sign included.</summary>
    Number,
    /// <summary>= &lt;&gt; &lt; &lt;= &gt; &gt;=</summary>
    Comparison,
    /// <summary>(</summary>
    LeftParen,
    /// <summary>)</summary>
    RightParen,
    /// <summary>,</summary>
    Comma,
    /// <summary>The end of the input.</summary>
    End,
}

/// <summary>A token and its character offset.</summary>
public readonly record struct Cql2Token(Cql2TokenKind Kind, string Text, int Offset)
{
    /// <summary>True for an identifier equal (case-insensitively) to <paramref name="keyword"/>.</summary>
    public bool Is(string keyword) => Kind == Cql2TokenKind.Identifier && string.Equals(Text, keyword, StringComparison.OrdinalIgnoreCase);

    /// <summary>The token as a message shows it.</summary>
    public string Describe() => Kind switch
    {
        Cql2TokenKind.End => "end of the filter",
        Cql2TokenKind.String => $"'{Text}'",
        Cql2TokenKind.QuotedIdentifier => $"\"{Text}\"",
        _ => $"'{Text}'",
    };
}

/// <summary>
/// Splits CQL2 text (OGC 21-065r2, clause 8.2 and annex B) into tokens. Keywords are recognised by the parser,
/// case-insensitively; whitespace separates tokens and is otherwise ignored. A sign directly before a digit belongs to
/// the number (the grammar offered here has no arithmetic, so "-" is never an operator).
/// </summary>
public static class Cql2Lexer
{
    /// <summary>The longest filter accepted, in characters.</summary>
    public const int MaxLength = 50_000;

    /// <summary>The tokens of <paramref name="text"/>, ending with <see cref="Cql2TokenKind.End"/>.</summary>
    public static List<Cql2Token> Tokenize(string text)
    {
        if (text.Length > MaxLength)
            throw new Cql2Exception(Cql2Location.Text(MaxLength), $"The filter is longer than {MaxLength} characters");
        var tokens = new List<Cql2Token>();
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            if (char.IsWhiteSpace(c)) { i++; continue; }
            var start = i;
            switch (c)
            {
                case '(': tokens.Add(new(Cql2TokenKind.LeftParen, "(", i++)); continue;
                case ')': tokens.Add(new(Cql2TokenKind.RightParen, ")", i++)); continue;
                case ',': tokens.Add(new(Cql2TokenKind.Comma, ",", i++)); continue;
                case '=': tokens.Add(new(Cql2TokenKind.Comparison, "=", i++)); continue;
                case '<':
                    i++;
                    if (i < text.Length && text[i] is '>' or '=') i++;
                    tokens.Add(new(Cql2TokenKind.Comparison, text[start..i], start));
                    continue;
                case '>':
                    i++;
                    if (i < text.Length && text[i] == '=') i++;
                    tokens.Add(new(Cql2TokenKind.Comparison, text[start..i], start));
                    continue;
                case '\'':
                    tokens.Add(new(Cql2TokenKind.String, ReadQuoted(text, ref i, '\''), start));
                    continue;
                case '"':
                    var name = ReadQuoted(text, ref i, '"');
                    if (name.Length == 0) throw new Cql2Exception(Cql2Location.Text(start), "An empty quoted property name", "a property name");
                    tokens.Add(new(Cql2TokenKind.QuotedIdentifier, name, start));
                    continue;
            }
            if (char.IsAsciiDigit(c) || ((c is '-' or '+' or '.') && i + 1 < text.Length && (char.IsAsciiDigit(text[i + 1]) || text[i + 1] == '.')))
            {
                tokens.Add(new(Cql2TokenKind.Number, ReadNumber(text, ref i), start));
                continue;
            }
            if (IsIdentifierStart(c))
            {
                i++;
                while (i < text.Length && IsIdentifierPart(text[i])) i++;
                tokens.Add(new(Cql2TokenKind.Identifier, text[start..i], start));
                continue;
            }
            throw new Cql2Exception(Cql2Location.Text(i), $"Unexpected character '{c}'",
                "a property, a literal, a function, an operator or a parenthesis");
        }
        tokens.Add(new(Cql2TokenKind.End, "", text.Length));
        return tokens;
    }

    private static string ReadQuoted(string text, ref int i, char quote)
    {
        var start = i;
        var sb = new StringBuilder();
        i++;
        while (true)
        {
            if (i >= text.Length)
                throw new Cql2Exception(Cql2Location.Text(start), quote == '\'' ? "Unterminated character literal" : "Unterminated quoted property name",
                    $"a closing {quote}");
            if (text[i] == quote)
            {
                // A doubled quote stands for one quote character (annex B, rule "escapedQuote").
                if (i + 1 < text.Length && text[i + 1] == quote)
                {
                    sb.Append(quote);
                    i += 2;
                    continue;
                }
                i++;
                return sb.ToString();
            }
            sb.Append(text[i++]);
        }
    }

    private static string ReadNumber(string text, ref int i)
    {
        var start = i;
        if (text[i] is '-' or '+') i++;
        var digits = 0;
        while (i < text.Length && char.IsAsciiDigit(text[i])) { i++; digits++; }
        if (i < text.Length && text[i] == '.')
        {
            i++;
            while (i < text.Length && char.IsAsciiDigit(text[i])) { i++; digits++; }
        }
        if (digits == 0) throw new Cql2Exception(Cql2Location.Text(start), "A number without digits", "a number");
        if (i < text.Length && text[i] is 'e' or 'E')
        {
            var e = i++;
            if (i < text.Length && text[i] is '-' or '+') i++;
            var exponent = 0;
            while (i < text.Length && char.IsAsciiDigit(text[i])) { i++; exponent++; }
            if (exponent == 0) throw new Cql2Exception(Cql2Location.Text(e), "An exponent without digits", "the digits of the exponent");
        }
        if (i < text.Length && IsIdentifierStart(text[i]))
            throw new Cql2Exception(Cql2Location.Text(i), $"Unexpected '{text[i]}' after the number {text[start..i]}", "a space, an operator, a comma or a parenthesis");
        return text[start..i];
    }

    // Annex B rules identifierStart / identifierPart: letters (any script), ':' and '_' start a name; digits, '.' and
    // combining marks may follow.
    private static bool IsIdentifierStart(char c) => char.IsLetter(c) || c is '_' or ':';

    private static bool IsIdentifierPart(char c) =>
        IsIdentifierStart(c) || char.IsAsciiDigit(c) || c == '.' || char.GetUnicodeCategory(c) is System.Globalization.UnicodeCategory.NonSpacingMark;
}
