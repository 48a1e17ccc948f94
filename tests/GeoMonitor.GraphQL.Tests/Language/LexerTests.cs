using GeoMonitor.GraphQL.Language;

namespace GeoMonitor.GraphQL.Tests.Language;

public class LexerTests
{
    private static List<(string Kind, string? Value)> Lex(string text)
    {
        var lexer = new Lexer(new Source(text));
        var tokens = new List<(string, string?)>();
        for (var t = lexer.Advance(); t.Kind != TokenKind.EndOfFile; t = lexer.Advance()) tokens.Add((t.Kind.ToString(), t.Value));
        return tokens;
    }

    private static string Single(string text)
    {
        var tokens = Lex(text);
        Assert.Single(tokens);
        return tokens[0].Value!;
    }

    private static GraphQLSyntaxError Fails(string text) => Assert.Throws<GraphQLSyntaxError>(() => Lex(text));

    [Fact]
    public void Skips_ignored_tokens_and_tracks_lines()
    {
        var lexer = new Lexer(new Source("\uFEFF  \r\n  # comment\r\n,,,\n\t  foo"));
        var token = lexer.Advance();
        Assert.Equal(TokenKind.Name, token.Kind);
        Assert.Equal((4, 4), (token.Line, token.Column));
    }

    [Fact]
    public void Reads_punctuators() =>
        Assert.Equal(
            ["Bang", "Dollar", "Amp", "ParenL", "ParenR", "Spread", "Colon", "Equals", "At", "BracketL", "BracketR", "BraceL", "Pipe", "BraceR"],
            Lex("! $ & ( ) ... : = @ [ ] { | }").Select(t => t.Kind));

    [Theory]
    [InlineData("4", "Int")]
    [InlineData("-4", "Int")]
    [InlineData("0", "Int")]
    [InlineData("4.123", "Float")]
    [InlineData("-4.123", "Float")]
    [InlineData("0.123", "Float")]
    [InlineData("123e4", "Float")]
    [InlineData("123E-4", "Float")]
    [InlineData("-1.123e+4", "Float")]
    public void Reads_numbers(string text, string kind)
    {
        var token = Assert.Single(Lex(text));
        Assert.Equal((kind, text), token);
    }

    [Theory]
    [InlineData("00", "Syntax Error: Invalid number, unexpected digit after 0: \"0\".")]
    [InlineData("01.23", "Syntax Error: Invalid number, unexpected digit after 0: \"1\".")]
    [InlineData("1.", "Syntax Error: Invalid number, expected digit but got: <EOF>.")]
    [InlineData("1.A", "Syntax Error: Invalid number, expected digit but got: \"A\".")]
    [InlineData("-A", "Syntax Error: Invalid number, expected digit but got: \"A\".")]
    [InlineData("1.0e", "Syntax Error: Invalid number, expected digit but got: <EOF>.")]
    [InlineData("1.2.3", "Syntax Error: Invalid number, expected digit but got: \".\".")]
    [InlineData("123abc", "Syntax Error: Invalid number, expected digit but got: \"a\".")]
    [InlineData("..", "Syntax Error: Unexpected character: \".\".")]
    [InlineData("?", "Syntax Error: Unexpected character: \"?\".")]
    [InlineData("\u203B", "Syntax Error: Unexpected character: U+203B.")]
    [InlineData("'x'", "Syntax Error: Unexpected single quote character ('), did you mean to use a double quote (\")?")]
    public void Rejects_bad_tokens(string text, string message) => Assert.Equal(message, Fails(text).Message);

    [Theory]
    [InlineData("\"simple\"", "simple")]
    [InlineData("\" white space \"", " white space ")]
    [InlineData("\"quote \\\"\"", "quote \"")]
    [InlineData("\"escaped \\n\\r\\b\\t\\f\\/\\\\\"", "escaped \n\r\b\t\f/\\")]
    [InlineData("\"unicode \\u1234\\u5678\\u90AB\\uCDEF\"", "unicode \u1234\u5678\u90AB\uCDEF")]
    [InlineData("\"\\u{1F600} and \\u{0041}\"", "\U0001F600 and A")]
    [InlineData("\"\\uD83D\\uDE00\"", "\U0001F600")]
    [InlineData("\"Run🏃Swim🏊\"", "Run🏃Swim🏊")]
    public void Reads_strings(string text, string value) => Assert.Equal(value, Single(text));

    [Theory]
    [InlineData("\"", "Syntax Error: Unterminated string.")]
    [InlineData("\"no end\nx\"", "Syntax Error: Unterminated string.")]
    [InlineData("\"bad \\z esc\"", "Syntax Error: Invalid character escape sequence: \"\\z\".")]
    [InlineData("\"bad \\u1 esc\"", "Syntax Error: Invalid Unicode escape sequence: \"\\u1 es\".")]
    [InlineData("\"\\uD83D alone\"", "Syntax Error: Invalid Unicode escape sequence: \"\\uD83D\".")]
    [InlineData("\"\\u{110000}\"", "Syntax Error: Invalid Unicode escape sequence: \"\\u{110000}\".")]
    [InlineData("\"bell \u0007\"", "Syntax Error: Invalid character within String: U+0007.")]
    public void Rejects_bad_strings(string text, string message) => Assert.Equal(message, Fails(text).Message);

    [Fact]
    public void Block_strings_are_dedented_per_the_spec()
    {
        Assert.Equal("Hello,\n  World!\n\nYours,\n  GraphQL.", Single("\"\"\"\n    Hello,\n      World!\n\n    Yours,\n      GraphQL.\n  \"\"\""));
        Assert.Equal("contains \"\"\" triple quote", Single("\"\"\"contains \\\"\"\" triple quote\"\"\""));
        Assert.Equal("unescaped \\n\\t", Single("\"\"\"unescaped \\n\\t\"\"\""));
        Assert.Equal("first line\nsecond", Single("\"\"\"first line\r\n      second\"\"\""));
        Assert.Equal(string.Empty, Single("\"\"\"   \n   \"\"\""));
    }

    [Fact]
    public void Block_string_tokens_keep_their_start_position_and_advance_lines()
    {
        var lexer = new Lexer(new Source("\"\"\"a\nb\"\"\" name"));
        var block = lexer.Advance();
        var name = lexer.Advance();
        Assert.Equal((1, 1), (block.Line, block.Column));
        Assert.Equal((2, 6), (name.Line, name.Column));
    }

    [Fact]
    public void Errors_carry_line_and_column()
    {
        var error = Fails("{\n  field(arg: \"bad \\x\")\n}");
        Assert.Equal(new SourceLocation(2, 19), error.Locations![0]);
    }

    [Fact]
    public void Token_limit_stops_lexing()
    {
        var lexer = new Lexer(new Source("{ a b c d }"), maxTokens: 3);
        lexer.Advance();
        lexer.Advance();
        lexer.Advance();
        var error = Assert.Throws<GraphQLSyntaxError>(() => lexer.Advance());
        Assert.Equal("Syntax Error: Document contains more than 3 tokens. Parsing aborted.", error.Message);
        Assert.Equal("MAX_TOKENS_EXCEEDED", error.Extensions!["code"]);
    }

    [Fact]
    public void Lookahead_does_not_consume()
    {
        var lexer = new Lexer(new Source("a b"));
        lexer.Advance();
        Assert.Equal("b", lexer.Lookahead().Value);
        Assert.Equal("a", lexer.Token.Value);
        Assert.Equal("b", lexer.Advance().Value);
    }
}
