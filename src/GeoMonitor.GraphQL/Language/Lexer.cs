using System.Globalization;
using System.Text;

namespace GeoMonitor.GraphQL.Language;

/// <summary>
/// Turns source text into tokens on demand (spec 2.1 Source Text), skipping ignored tokens.
/// Counts tokens so a parser can stop early on hostile documents instead of building a huge AST.
/// </summary>
internal sealed class Lexer
{
    private readonly Source _source;
    private readonly string _body;
    private readonly int _maxTokens;
    private int _pos;
    private int _line = 1;
    private int _lineStart;
    private int _tokenCount;

    public Lexer(Source source, int maxTokens = int.MaxValue)
    {
        _source = source;
        _body = source.Body;
        _maxTokens = maxTokens;
        Token = new Token(TokenKind.StartOfFile, 0, 0, 0, 0, null);
    }

    /// <summary>The current token.</summary>
    public Token Token { get; private set; }

    /// <summary>The token before the current one; its end is where a node that finished there ends.</summary>
    public Token LastToken { get; private set; }

    public Source Source => _source;

    public Token Advance()
    {
        LastToken = Token;
        Token = ReadToken();
        if (Token.Kind != TokenKind.EndOfFile && ++_tokenCount > _maxTokens)
        {
            throw new GraphQLSyntaxError(_source, Token.Start,
                $"Document contains more than {_maxTokens} tokens. Parsing aborted.", "MAX_TOKENS_EXCEEDED");
        }
        return Token;
    }

    /// <summary>Reads the token after the current one without consuming it.</summary>
    public Token Lookahead()
    {
        if (Token.Kind == TokenKind.EndOfFile) return Token;
        var (pos, line, lineStart) = (_pos, _line, _lineStart);
        var next = ReadToken();
        (_pos, _line, _lineStart) = (pos, line, lineStart);
        return next;
    }

    private Token ReadToken()
    {
        var body = _body;
        while (_pos < body.Length)
        {
            var c = body[_pos];
            switch (c)
            {
                case '\uFEFF' or '\t' or ' ' or ',':
                    _pos++;
                    continue;
                case '\n':
                    _pos++;
                    NewLine();
                    continue;
                case '\r':
                    _pos += _pos + 1 < body.Length && body[_pos + 1] == '\n' ? 2 : 1;
                    NewLine();
                    continue;
                case '#':
                    while (_pos < body.Length && body[_pos] != '\n' && body[_pos] != '\r') _pos++;
                    continue;
            }
            break;
        }

        var start = _pos;
        var column = start - _lineStart + 1;
        if (start >= body.Length) return new Token(TokenKind.EndOfFile, start, start, _line, column, null);

        var ch = body[start];
        var punct = ch switch
        {
            '!' => TokenKind.Bang,
            '$' => TokenKind.Dollar,
            '&' => TokenKind.Amp,
            '(' => TokenKind.ParenL,
            ')' => TokenKind.ParenR,
            ':' => TokenKind.Colon,
            '=' => TokenKind.Equals,
            '@' => TokenKind.At,
            '[' => TokenKind.BracketL,
            ']' => TokenKind.BracketR,
            '{' => TokenKind.BraceL,
            '|' => TokenKind.Pipe,
            '}' => TokenKind.BraceR,
            _ => TokenKind.StartOfFile,
        };
        if (punct != TokenKind.StartOfFile)
        {
            _pos++;
            return new Token(punct, start, _pos, _line, column, null);
        }
        if (ch == '.')
        {
            if (start + 2 < body.Length && body[start + 1] == '.' && body[start + 2] == '.')
            {
                _pos += 3;
                return new Token(TokenKind.Spread, start, _pos, _line, column, null);
            }
            throw Error(start, $"Unexpected character: {DescribeCharAt(start)}.");
        }
        if (IsNameStart(ch)) return ReadName(start, column);
        if (ch == '-' || IsDigit(ch)) return ReadNumber(start, column);
        if (ch == '"')
        {
            return start + 2 < body.Length && body[start + 1] == '"' && body[start + 2] == '"'
                ? ReadBlockString(start, column)
                : ReadString(start, column);
        }
        if (ch == '\'')
        {
            throw Error(start, "Unexpected single quote character ('), did you mean to use a double quote (\")?");
        }
        throw Error(start, $"Unexpected character: {DescribeCharAt(start)}.");
    }

    private void NewLine()
    {
        _line++;
        _lineStart = _pos;
    }

    private Token ReadName(int start, int column)
    {
        var end = start + 1;
        while (end < _body.Length && IsNameContinue(_body[end])) end++;
        _pos = end;
        return new Token(TokenKind.Name, start, end, _line, column, _body[start..end]);
    }

    private Token ReadNumber(int start, int column)
    {
        var body = _body;
        var p = start;
        var isFloat = false;
        if (body[p] == '-') p++;
        if (p < body.Length && body[p] == '0')
        {
            p++;
            if (p < body.Length && IsDigit(body[p]))
                throw Error(p, $"Invalid number, unexpected digit after 0: {DescribeCharAt(p)}.");
        }
        else
        {
            p = ReadDigits(p);
        }
        if (p < body.Length && body[p] == '.')
        {
            isFloat = true;
            p = ReadDigits(p + 1);
        }
        if (p < body.Length && (body[p] == 'e' || body[p] == 'E'))
        {
            isFloat = true;
            p++;
            if (p < body.Length && (body[p] == '+' || body[p] == '-')) p++;
            p = ReadDigits(p);
        }
        // Spec 2.9.1: a number must not be directly followed by a name start or a dot.
        if (p < body.Length && (body[p] == '.' || IsNameStart(body[p])))
            throw Error(p, $"Invalid number, expected digit but got: {DescribeCharAt(p)}.");
        _pos = p;
        return new Token(isFloat ? TokenKind.Float : TokenKind.Int, start, p, _line, column, body[start..p]);
    }

    private int ReadDigits(int p)
    {
        if (p >= _body.Length || !IsDigit(_body[p]))
            throw Error(p, $"Invalid number, expected digit but got: {DescribeCharAt(p)}.");
        while (p < _body.Length && IsDigit(_body[p])) p++;
        return p;
    }

    private Token ReadString(int start, int column)
    {
        var body = _body;
        var p = start + 1;
        var chunkStart = p;
        StringBuilder? sb = null;
        while (p < body.Length)
        {
            var c = body[p];
            if (c == '"')
            {
                string value;
                if (sb is null) value = body[chunkStart..p];
                else value = sb.Append(body, chunkStart, p - chunkStart).ToString();
                _pos = p + 1;
                return new Token(TokenKind.String, start, _pos, _line, column, value);
            }
            if (c == '\\')
            {
                sb ??= new StringBuilder();
                sb.Append(body, chunkStart, p - chunkStart);
                p = ReadEscape(p, sb);
                chunkStart = p;
                continue;
            }
            if (c == '\n' || c == '\r') break;
            p += CheckSourceChar(p, allowLineTerminators: false);
        }
        throw Error(p, "Unterminated string.");
    }

    /// <summary>Decodes the escape sequence at p (which holds the backslash); returns the offset after it.</summary>
    private int ReadEscape(int p, StringBuilder sb)
    {
        var body = _body;
        if (p + 1 >= body.Length) throw Error(p, "Unterminated string.");
        var e = body[p + 1];
        switch (e)
        {
            case '"': sb.Append('"'); return p + 2;
            case '\\': sb.Append('\\'); return p + 2;
            case '/': sb.Append('/'); return p + 2;
            case 'b': sb.Append('\b'); return p + 2;
            case 'f': sb.Append('\f'); return p + 2;
            case 'n': sb.Append('\n'); return p + 2;
            case 'r': sb.Append('\r'); return p + 2;
            case 't': sb.Append('\t'); return p + 2;
            case 'u':
                return body.Length > p + 2 && body[p + 2] == '{' ? ReadVariableWidthEscape(p, sb) : ReadFixedWidthEscape(p, sb);
            default:
                throw Error(p, $"Invalid character escape sequence: \"{Slice(p, 2)}\".");
        }
    }

    private int ReadVariableWidthEscape(int p, StringBuilder sb)
    {
        var body = _body;
        var q = p + 3;
        var point = 0;
        var digits = 0;
        while (q < body.Length && digits < 12)
        {
            var c = body[q];
            if (c == '}')
            {
                if (digits == 0 || !IsScalarValue(point)) break;
                sb.Append(char.ConvertFromUtf32(point));
                return q + 1;
            }
            var h = HexValue(c);
            if (h < 0) break;
            point = point > 0x10FFFF ? point : (point << 4) | h;
            digits++;
            q++;
        }
        throw Error(p, $"Invalid Unicode escape sequence: \"{Slice(p, q - p + 1)}\".");
    }

    private int ReadFixedWidthEscape(int p, StringBuilder sb)
    {
        var code = Read4Hex(p + 2);
        if (code >= 0)
        {
            if (!char.IsSurrogate((char)code))
            {
                sb.Append((char)code);
                return p + 6;
            }
            // graphql-js 16 accepts a surrogate pair spelled as two consecutive \uXXXX escapes.
            if (char.IsHighSurrogate((char)code) && Slice(p + 6, 2) == "\\u")
            {
                var low = Read4Hex(p + 8);
                if (low >= 0 && char.IsLowSurrogate((char)low))
                {
                    sb.Append((char)code).Append((char)low);
                    return p + 12;
                }
            }
        }
        throw Error(p, $"Invalid Unicode escape sequence: \"{Slice(p, 6)}\".");
    }

    private int Read4Hex(int p)
    {
        if (p + 4 > _body.Length) return -1;
        var v = 0;
        for (var i = 0; i < 4; i++)
        {
            var h = HexValue(_body[p + i]);
            if (h < 0) return -1;
            v = (v << 4) | h;
        }
        return v;
    }

    private Token ReadBlockString(int start, int column)
    {
        var body = _body;
        var (line, lineStartColumn) = (_line, column);
        var p = start + 3;
        var chunkStart = p;
        var raw = new StringBuilder();
        while (p < body.Length)
        {
            var c = body[p];
            if (c == '"' && p + 2 < body.Length && body[p + 1] == '"' && body[p + 2] == '"')
            {
                raw.Append(body, chunkStart, p - chunkStart);
                _pos = p + 3;
                return new Token(TokenKind.BlockString, start, _pos, line, lineStartColumn, BlockString.Dedent(raw.ToString()));
            }
            if (c == '\\' && p + 3 < body.Length && body[p + 1] == '"' && body[p + 2] == '"' && body[p + 3] == '"')
            {
                raw.Append(body, chunkStart, p - chunkStart).Append("\"\"\"");
                p += 4;
                chunkStart = p;
                continue;
            }
            if (c == '\n' || c == '\r')
            {
                p += c == '\r' && p + 1 < body.Length && body[p + 1] == '\n' ? 2 : 1;
                _line++;
                _lineStart = p;
                continue;
            }
            p += CheckSourceChar(p, allowLineTerminators: true);
        }
        throw Error(p, "Unterminated string.");
    }

    /// <summary>Validates the source character at p inside a string; returns its width in UTF-16 units.</summary>
    private int CheckSourceChar(int p, bool allowLineTerminators)
    {
        var c = _body[p];
        if (c < 0x20 && c != '\t' && !(allowLineTerminators && (c == '\n' || c == '\r')))
            throw Error(p, $"Invalid character within String: {DescribeCharAt(p)}.");
        if (char.IsHighSurrogate(c) && p + 1 < _body.Length && char.IsLowSurrogate(_body[p + 1])) return 2;
        if (char.IsSurrogate(c)) throw Error(p, $"Invalid character within String: {DescribeCharAt(p)}.");
        return 1;
    }

    private string Slice(int start, int length) =>
        start >= _body.Length ? string.Empty : _body.Substring(start, Math.Min(length, _body.Length - start));

    private string DescribeCharAt(int p)
    {
        if (p >= _body.Length) return TokenKind.EndOfFile.Describe();
        var c = _body[p];
        if (c >= 0x20 && c <= 0x7E) return c == '"' ? "'\"'" : $"\"{c}\"";
        int code = char.IsHighSurrogate(c) && p + 1 < _body.Length && char.IsLowSurrogate(_body[p + 1])
            ? char.ConvertToUtf32(c, _body[p + 1])
            : c;
        return "U+" + code.ToString("X4", CultureInfo.InvariantCulture);
    }

    private GraphQLSyntaxError Error(int position, string message) => new(_source, position, message);

    private static bool IsScalarValue(int point) => point is >= 0 and <= 0xD7FF or >= 0xE000 and <= 0x10FFFF;

    private static int HexValue(char c) => c switch
    {
        >= '0' and <= '9' => c - '0',
        >= 'a' and <= 'f' => c - 'a' + 10,
        >= 'A' and <= 'F' => c - 'A' + 10,
        _ => -1,
    };

    internal static bool IsDigit(char c) => c is >= '0' and <= '9';

    internal static bool IsNameStart(char c) => c is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or '_';

    internal static bool IsNameContinue(char c) => IsNameStart(c) || IsDigit(c);
}
