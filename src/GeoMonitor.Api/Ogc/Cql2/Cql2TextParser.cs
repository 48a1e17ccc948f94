using System.Globalization;
using System.Text.RegularExpressions;
using NetTopologySuite.Geometries;

namespace GeoMonitor.Api.Ogc.Cql2;

/// <summary>
/// Recursive-descent parser of CQL2 text (OGC 21-065r2, annex B), for the requirements classes GeoMonitor declares:
/// Basic CQL2, Advanced Comparison Operators, Basic Spatial Functions (+ additional spatial literals), Spatial
/// Functions and Temporal Functions. Keywords are case-insensitive.
/// <code>
/// booleanExpression = booleanTerm { "OR" booleanTerm }
/// booleanTerm       = booleanFactor { "AND" booleanFactor }
/// booleanFactor     = [ "NOT" ] booleanPrimary
/// booleanPrimary    = "(" booleanExpression ")" | "TRUE" | "FALSE" | spatialFunction | temporalFunction | predicate
/// predicate         = operand compOp operand | operand [ "NOT" ] "LIKE" operand
///                   | operand [ "NOT" ] "BETWEEN" operand "AND" operand | operand [ "NOT" ] "IN" "(" operand { "," operand } ")"
///                   | operand "IS" [ "NOT" ] "NULL"
/// spatialFunction   = ("S_INTERSECTS" | "S_EQUALS" | "S_DISJOINT" | "S_TOUCHES" | "S_WITHIN" | "S_OVERLAPS" | "S_CROSSES" | "S_CONTAINS")
///                     "(" operand "," operand ")"
/// temporalFunction  = ("T_AFTER" | "T_BEFORE" | "T_CONTAINS" | "T_DISJOINT" | "T_DURING" | "T_EQUALS" | "T_FINISHEDBY" | "T_FINISHES"
///                     | "T_INTERSECTS" | "T_MEETS" | "T_METBY" | "T_OVERLAPPEDBY" | "T_OVERLAPS" | "T_STARTEDBY" | "T_STARTS")
///                     "(" operand "," operand ")"
/// operand           = propertyName | characterLiteral | numericLiteral | "TRUE" | "FALSE" | "DATE" "(" string ")"
///                   | "TIMESTAMP" "(" string ")" | "INTERVAL" "(" instantOrDots "," instantOrDots ")" | wkt | "BBOX" "(" 4 or 6 numbers ")"
/// </code>
/// A syntax error names the character offset and what the grammar expected there.
/// </summary>
public sealed partial class Cql2TextParser
{
    /// <summary>The spatial functions (Spatial Functions class; S_INTERSECTS alone is Basic Spatial Functions).</summary>
    public static readonly string[] SpatialFunctions =
        ["S_INTERSECTS", "S_EQUALS", "S_DISJOINT", "S_TOUCHES", "S_WITHIN", "S_OVERLAPS", "S_CROSSES", "S_CONTAINS"];

    /// <summary>The temporal functions (Temporal Functions class).</summary>
    public static readonly string[] TemporalFunctions =
    [
        "T_AFTER", "T_BEFORE", "T_CONTAINS", "T_DISJOINT", "T_DURING", "T_EQUALS", "T_FINISHEDBY", "T_FINISHES",
        "T_INTERSECTS", "T_MEETS", "T_METBY", "T_OVERLAPPEDBY", "T_OVERLAPS", "T_STARTEDBY", "T_STARTS",
    ];

    private static readonly string[] GeometryTags =
        ["POINT", "LINESTRING", "POLYGON", "MULTIPOINT", "MULTILINESTRING", "MULTIPOLYGON", "GEOMETRYCOLLECTION"];

    private static readonly string[] Reserved =
        ["AND", "OR", "NOT", "LIKE", "BETWEEN", "IN", "IS", "NULL", "TRUE", "FALSE", "DATE", "TIMESTAMP", "INTERVAL", "BBOX"];

    private const string OperandExpected = "a property, a literal ('text', a number, TRUE, FALSE, DATE(…), TIMESTAMP(…), INTERVAL(…)) or a geometry (POINT(…), BBOX(…), …)";
    private const int MaxDepth = 64;

    private readonly List<Cql2Token> _tokens;
    private readonly Cql2Shapes.Budget _budget = new();
    private int _next;
    private int _depth;

    private Cql2TextParser(string text) => _tokens = Cql2Lexer.Tokenize(text);

    /// <summary>Parses a whole filter; throws <see cref="Cql2Exception"/> naming the offset of the first error.</summary>
    public static Cql2Predicate Parse(string text)
    {
        var p = new Cql2TextParser(text);
        if (p.Peek.Kind == Cql2TokenKind.End) throw new Cql2Exception(Cql2Location.Text(0), "The filter is empty", "a predicate");
        var e = p.Expression();
        if (p.Peek.Kind != Cql2TokenKind.End)
            throw p.Unexpected("AND, OR or the end of the filter");
        return e;
    }

    private Cql2Token Peek => _tokens[_next];

    private Cql2Token PeekAt(int k) => _tokens[Math.Min(_next + k, _tokens.Count - 1)];

    private Cql2Token Take() => _tokens[_next++];

    private static Cql2Location At(Cql2Token t) => Cql2Location.Text(t.Offset);

    private Cql2Exception Unexpected(string expected) => new(At(Peek), $"Unexpected {Peek.Describe()}", expected);

    private Cql2Token Expect(Cql2TokenKind kind, string expected)
    {
        if (Peek.Kind != kind) throw Unexpected(expected);
        return Take();
    }

    private void ExpectKeyword(string keyword)
    {
        if (!Peek.Is(keyword)) throw Unexpected(keyword);
        Take();
    }

    private Cql2Predicate Expression()
    {
        if (++_depth > MaxDepth) throw new Cql2Exception(At(Peek), $"The filter nests deeper than {MaxDepth} levels");
        var start = Peek;
        var terms = new List<Cql2Predicate> { Term() };
        while (Peek.Is("OR"))
        {
            Take();
            terms.Add(Term());
        }
        _depth--;
        return terms.Count == 1 ? terms[0] : new Cql2Logical(false, terms) { At = At(start) };
    }

    private Cql2Predicate Term()
    {
        var start = Peek;
        var factors = new List<Cql2Predicate> { Factor() };
        while (Peek.Is("AND"))
        {
            Take();
            factors.Add(Factor());
        }
        return factors.Count == 1 ? factors[0] : new Cql2Logical(true, factors) { At = At(start) };
    }

    private Cql2Predicate Factor()
    {
        if (!Peek.Is("NOT")) return Primary();
        var not = Take();
        if (++_depth > MaxDepth) throw new Cql2Exception(At(not), $"The filter nests deeper than {MaxDepth} levels");
        var inner = Factor();
        _depth--;
        return new Cql2Not(inner) { At = At(not) };
    }

    private Cql2Predicate Primary()
    {
        var t = Peek;
        if (t.Kind == Cql2TokenKind.LeftParen)
        {
            Take();
            var inner = Expression();
            Expect(Cql2TokenKind.RightParen, "')' (or AND, OR)");
            return inner;
        }
        if ((t.Is("TRUE") || t.Is("FALSE")) && !IsPredicateOperator(PeekAt(1)))
        {
            Take();
            return new Cql2BooleanPredicate(t.Is("TRUE")) { At = At(t) };
        }
        if (t.Kind == Cql2TokenKind.Identifier && PeekAt(1).Kind == Cql2TokenKind.LeftParen)
        {
            var name = t.Text.ToUpperInvariant();
            if (SpatialFunctions.Contains(name) || TemporalFunctions.Contains(name))
            {
                Take();
                Take();
                var a = Operand();
                Expect(Cql2TokenKind.Comma, "',' between the two arguments");
                var b = Operand();
                Expect(Cql2TokenKind.RightParen, "')' after the second argument");
                return name.StartsWith("S_", StringComparison.Ordinal)
                    ? new Cql2Spatial(name.ToLowerInvariant(), a, b) { At = At(t) }
                    : new Cql2Temporal(name.ToLowerInvariant(), a, b) { At = At(t) };
            }
        }
        if (t.Kind == Cql2TokenKind.End || t.Kind == Cql2TokenKind.RightParen || t.Kind == Cql2TokenKind.Comma || t.Kind == Cql2TokenKind.Comparison
            || (t.Kind == Cql2TokenKind.Identifier && t.Text.ToUpperInvariant() is "AND" or "OR"))
            throw Unexpected("a predicate (a comparison, LIKE, BETWEEN, IN, IS NULL, S_… or T_… function, NOT or '(')");
        return Predicate();
    }

    private static bool IsPredicateOperator(Cql2Token t) =>
        t.Kind == Cql2TokenKind.Comparison || t.Is("LIKE") || t.Is("BETWEEN") || t.Is("IN") || t.Is("IS") || t.Is("NOT");

    private Cql2Predicate Predicate()
    {
        var start = Peek;
        var left = Operand();
        var op = Peek;
        if (op.Kind == Cql2TokenKind.Comparison)
        {
            Take();
            return new Cql2Comparison(op.Text, left, Operand()) { At = At(start) };
        }
        if (op.Is("IS"))
        {
            Take();
            var negated = false;
            if (Peek.Is("NOT")) { Take(); negated = true; }
            ExpectKeyword("NULL");
            Cql2Predicate isNull = new Cql2IsNull(left) { At = At(start) };
            return negated ? new Cql2Not(isNull) { At = At(start) } : isNull;
        }
        var not = false;
        if (op.Is("NOT"))
        {
            Take();
            not = true;
            if (!(Peek.Is("LIKE") || Peek.Is("BETWEEN") || Peek.Is("IN"))) throw Unexpected("LIKE, BETWEEN or IN after NOT");
        }
        Cql2Predicate result;
        if (Peek.Is("LIKE"))
        {
            Take();
            result = new Cql2Like(left, Operand()) { At = At(start) };
        }
        else if (Peek.Is("BETWEEN"))
        {
            Take();
            var low = Operand();
            ExpectKeyword("AND");
            result = new Cql2Between(left, low, Operand()) { At = At(start) };
        }
        else if (Peek.Is("IN"))
        {
            Take();
            Expect(Cql2TokenKind.LeftParen, "'(' starting the list");
            var list = new List<Cql2Operand> { Operand() };
            while (Peek.Kind == Cql2TokenKind.Comma)
            {
                Take();
                list.Add(Operand());
            }
            Expect(Cql2TokenKind.RightParen, "',' or ')' closing the list");
            result = new Cql2In(left, list) { At = At(start) };
        }
        else
        {
            throw Unexpected("a comparison operator (=, <>, <, <=, >, >=), LIKE, BETWEEN, IN or IS NULL");
        }
        return not ? new Cql2Not(result) { At = At(start) } : result;
    }

    private Cql2Operand Operand()
    {
        var t = Peek;
        switch (t.Kind)
        {
            case Cql2TokenKind.QuotedIdentifier:
                Take();
                return new Cql2Property(t.Text) { At = At(t) };
            case Cql2TokenKind.String:
                Take();
                return new Cql2String(t.Text) { At = At(t) };
            case Cql2TokenKind.Number:
                Take();
                return Number(t);
            case Cql2TokenKind.Identifier:
                break;
            default:
                throw Unexpected(OperandExpected);
        }
        var upper = t.Text.ToUpperInvariant();
        if (upper is "TRUE" or "FALSE")
        {
            Take();
            return new Cql2Boolean(upper == "TRUE") { At = At(t) };
        }
        if (GeometryTags.Contains(upper) && (PeekAt(1).Kind == Cql2TokenKind.LeftParen || PeekAt(1).Is("Z") || PeekAt(1).Is("EMPTY")))
            return new Cql2Geometry(Wkt()) { At = At(t) };
        if (PeekAt(1).Kind != Cql2TokenKind.LeftParen)
        {
            if (Reserved.Contains(upper) && upper is not ("DATE" or "TIMESTAMP" or "INTERVAL" or "BBOX"))
                throw Unexpected(OperandExpected + " (quote a property named like a keyword: \"" + t.Text + "\")");
            Take();
            return new Cql2Property(t.Text) { At = At(t) };
        }
        switch (upper)
        {
            case "TIMESTAMP":
            case "DATE":
            {
                Take();
                Take();
                var s = Expect(Cql2TokenKind.String, upper == "DATE" ? "a date in quotes, e.g. '2024-04-17'" : "a timestamp in quotes, e.g. '2024-04-17T21:00:00Z'");
                Expect(Cql2TokenKind.RightParen, "')'");
                return upper == "DATE" ? Date(s.Text, At(s)) : Timestamp(s.Text, At(s));
            }
            case "INTERVAL":
            {
                Take();
                Take();
                var a = IntervalEnd();
                Expect(Cql2TokenKind.Comma, "',' between the start and the end of the interval");
                var b = IntervalEnd();
                Expect(Cql2TokenKind.RightParen, "')' closing the interval");
                return Interval(a, b, At(t));
            }
            case "BBOX":
            {
                Take();
                Take();
                var n = new List<double> { Coordinate() };
                while (Peek.Kind == Cql2TokenKind.Comma)
                {
                    Take();
                    n.Add(Coordinate());
                }
                Expect(Cql2TokenKind.RightParen, "',' or ')' closing BBOX");
                return BBox(n, At(t));
            }
        }
        if (upper is "CASEI" or "ACCENTI")
            throw new Cql2Exception(At(t), $"{upper} (case- and accent-insensitive comparison) is not offered", OperandExpected);
        throw new Cql2Exception(At(t), $"Unknown function '{t.Text}'", OperandExpected);
    }

    private Cql2Operand? IntervalEnd()
    {
        var t = Expect(Cql2TokenKind.String, "an instant in quotes ('2024-04-17' or '2024-04-17T21:00:00Z') or '..'");
        return t.Text == ".." ? null : Instant(t.Text, At(t));
    }

    /// <summary>An interval literal, checking that its start is not after its end.</summary>
    public static Cql2Interval Interval(Cql2Operand? start, Cql2Operand? end, Cql2Location at)
    {
        var interval = new Cql2Interval(start, end) { At = at };
        if (start is not null && end is not null && Cql2Time.Start(start) > Cql2Time.End(end))
            throw new Cql2Exception(at, "The interval starts after it ends");
        return interval;
    }

    /// <summary>BBOX from 4 or 6 numbers (heights dropped).</summary>
    public static Cql2BBox BBox(IReadOnlyList<double> n, Cql2Location at)
    {
        if (n.Count is not (4 or 6)) throw new Cql2Exception(at, $"BBOX takes 4 or 6 numbers, got {n.Count}");
        var (x0, y0, x1, y1) = n.Count == 4 ? (n[0], n[1], n[2], n[3]) : (n[0], n[1], n[3], n[4]);
        if (y0 > y1) throw new Cql2Exception(at, "BBOX: the lower edge is above the upper edge");
        return new Cql2BBox(x0, y0, x1, y1) { At = at };
    }

    private Cql2Number Number(Cql2Token t)
    {
        var value = double.Parse(t.Text, NumberStyles.Float, CultureInfo.InvariantCulture);
        if (!double.IsFinite(value)) throw new Cql2Exception(At(t), $"The number {t.Text} is out of range");
        decimal? exact = decimal.TryParse(t.Text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) ? d : null;
        return new Cql2Number(value, exact) { At = At(t) };
    }

    private double Coordinate()
    {
        var t = Expect(Cql2TokenKind.Number, "a number");
        return Number(t).Value;
    }

    // WKT (OGC 06-103r4, clause 7), as CQL2 annex B lists it: an optional Z tag and third ordinate are read and dropped.
    private Geometry Wkt()
    {
        var tag = Take();
        var type = tag.Text.ToUpperInvariant();
        if (Peek.Is("Z")) Take();
        if (Peek.Is("EMPTY")) throw new Cql2Exception(At(Peek), $"An empty {type} matches nothing and is not accepted", "'(' and positions");
        switch (type)
        {
            case "POINT":
            {
                Open(type);
                var c = Position(At(tag));
                Close(type);
                return Cql2Shapes.Point(c);
            }
            case "LINESTRING":
                return Cql2Shapes.Line(Positions(type, At(tag)), At(tag));
            case "POLYGON":
                return PolygonText(At(tag));
            case "MULTIPOINT":
            {
                Open(type);
                var points = new List<Coordinate>();
                do
                {
                    // Both MULTIPOINT ((1 2), (3 4)) and MULTIPOINT (1 2, 3 4) are in use.
                    if (Peek.Kind == Cql2TokenKind.LeftParen)
                    {
                        Take();
                        points.Add(Position(At(tag)));
                        Close("the point");
                    }
                    else points.Add(Position(At(tag)));
                } while (Comma());
                Close(type);
                return Cql2Shapes.MultiPoint(points);
            }
            case "MULTILINESTRING":
            {
                Open(type);
                var lines = new List<LineString>();
                do lines.Add(Cql2Shapes.Line(Positions("the line string", At(tag)), At(tag)));
                while (Comma());
                Close(type);
                return Cql2Shapes.MultiLine(lines);
            }
            case "MULTIPOLYGON":
            {
                Open(type);
                var polygons = new List<Polygon>();
                do polygons.Add(PolygonText(At(tag)));
                while (Comma());
                Close(type);
                return Cql2Shapes.MultiPolygon(polygons);
            }
            default:
            {
                Open(type);
                var parts = new List<Geometry>();
                do
                {
                    if (Peek.Kind != Cql2TokenKind.Identifier || !GeometryTags.Contains(Peek.Text.ToUpperInvariant()))
                        throw Unexpected("a geometry (POINT, LINESTRING, POLYGON, MULTI…)");
                    parts.Add(Wkt());
                } while (Comma());
                Close(type);
                return Cql2Shapes.Collection(parts);
            }
        }
    }

    private Polygon PolygonText(Cql2Location at)
    {
        Open("POLYGON");
        var rings = new List<IReadOnlyList<Coordinate>>();
        do rings.Add(Positions("the ring", at));
        while (Comma());
        Close("POLYGON");
        return Cql2Shapes.Polygon(rings, at);
    }

    private List<Coordinate> Positions(string what, Cql2Location at)
    {
        Open(what);
        var list = new List<Coordinate>();
        do list.Add(Position(at));
        while (Comma());
        Close(what);
        return list;
    }

    private Coordinate Position(Cql2Location at)
    {
        _budget.Take(1, at);
        var x = Coordinate();
        var y = Coordinate();
        if (Peek.Kind == Cql2TokenKind.Number) Take();
        return new Coordinate(x, y);
    }

    private bool Comma()
    {
        if (Peek.Kind != Cql2TokenKind.Comma) return false;
        Take();
        return true;
    }

    private void Open(string what) => Expect(Cql2TokenKind.LeftParen, $"'(' opening {what}");

    private void Close(string what) => Expect(Cql2TokenKind.RightParen, $"',' or ')' closing {what}");

    /// <summary>An instant literal from its text: a date (YYYY-MM-DD) or an RFC 3339 timestamp.</summary>
    public static Cql2Operand Instant(string s, Cql2Location at) =>
        DatePattern().IsMatch(s) ? Date(s, at) : Timestamp(s, at);

    /// <summary>DATE('…').</summary>
    public static Cql2Date Date(string s, Cql2Location at)
    {
        if (!DatePattern().IsMatch(s) || !DateOnly.TryParseExact(s, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d))
            throw new Cql2Exception(at, $"'{s}' is not a date", "a date YYYY-MM-DD, e.g. '2024-04-17'");
        return new Cql2Date(d) { At = at };
    }

    /// <summary>TIMESTAMP('…'): RFC 3339 with Z or an offset; kept to the microsecond (timestamptz resolution).</summary>
    public static Cql2Timestamp Timestamp(string s, Cql2Location at)
    {
        if (!TimestampPattern().IsMatch(s) || !DateTimeOffset.TryParse(s, CultureInfo.InvariantCulture, DateTimeStyles.None, out var t))
            throw new Cql2Exception(at, $"'{s}' is not a timestamp", "an RFC 3339 timestamp with Z or an offset, e.g. '2024-04-17T21:00:00Z'");
        var utc = t.UtcDateTime;
        return new Cql2Timestamp(new DateTime(utc.Ticks - utc.Ticks % 10, DateTimeKind.Utc)) { At = at };
    }

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}$")]
    private static partial Regex DatePattern();

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(\.\d{1,9})?([Zz]|[+-]\d{2}:\d{2})$")]
    private static partial Regex TimestampPattern();
}
