using NetTopologySuite.Geometries;

namespace GeoMonitor.Api.Ogc.Cql2;

/// <summary>
/// The syntax tree of a CQL2 filter (OGC 21-065r2), the same whichever encoding it came in: the text parser and the
/// JSON reader both build it, and <see cref="Cql2SqlTranslator"/> is its only consumer. Every node keeps where it
/// came from (<see cref="Cql2Node.At"/>) so that a type error can name the place in the request.
/// </summary>
public abstract record Cql2Node
{
    /// <summary>Where the node starts in the input.</summary>
    public required Cql2Location At { get; init; }
}

/// <summary>A place in a filter: a character offset (0-based) in CQL2 text, or a JSON path in CQL2 JSON.</summary>
public readonly record struct Cql2Location(int? Offset, string? Path)
{
    /// <summary>A character offset in CQL2 text.</summary>
    public static Cql2Location Text(int offset) => new(offset, null);

    /// <summary>A member of a CQL2 JSON document.</summary>
    public static Cql2Location Json(string path) => new(null, path);

    /// <summary>"position 12" or "$.args[1]".</summary>
    public override string ToString() => Offset is { } o ? $"position {o}" : Path ?? "$";
}

/// <summary>A boolean expression: what a filter is.</summary>
public abstract record Cql2Predicate : Cql2Node;

/// <summary>A value: a property, a literal or an interval.</summary>
public abstract record Cql2Operand : Cql2Node;

/// <summary>AND or OR over two or more operands.</summary>
public sealed record Cql2Logical(bool IsAnd, IReadOnlyList<Cql2Predicate> Args) : Cql2Predicate;

/// <summary>NOT.</summary>
public sealed record Cql2Not(Cql2Predicate Arg) : Cql2Predicate;

/// <summary>TRUE or FALSE where a predicate is expected.</summary>
public sealed record Cql2BooleanPredicate(bool Value) : Cql2Predicate;

/// <summary>A binary comparison: =, &lt;&gt;, &lt;, &lt;=, &gt;, &gt;=.</summary>
public sealed record Cql2Comparison(string Op, Cql2Operand Left, Cql2Operand Right) : Cql2Predicate;

/// <summary>value LIKE pattern (wildcards % and _, escape \).</summary>
public sealed record Cql2Like(Cql2Operand Value, Cql2Operand Pattern) : Cql2Predicate;

/// <summary>value BETWEEN low AND high (both ends included).</summary>
public sealed record Cql2Between(Cql2Operand Value, Cql2Operand Low, Cql2Operand High) : Cql2Predicate;

/// <summary>value IN (list).</summary>
public sealed record Cql2In(Cql2Operand Value, IReadOnlyList<Cql2Operand> List) : Cql2Predicate;

/// <summary>value IS NULL.</summary>
public sealed record Cql2IsNull(Cql2Operand Value) : Cql2Predicate;

/// <summary>A spatial function S_INTERSECTS, S_WITHIN, … (<see cref="Op"/> in lower case, e.g. "s_within").</summary>
public sealed record Cql2Spatial(string Op, Cql2Operand A, Cql2Operand B) : Cql2Predicate;

/// <summary>A temporal function T_INTERSECTS, T_DURING, … (<see cref="Op"/> in lower case, e.g. "t_during").</summary>
public sealed record Cql2Temporal(string Op, Cql2Operand A, Cql2Operand B) : Cql2Predicate;

/// <summary>A queryable, by name.</summary>
public sealed record Cql2Property(string Name) : Cql2Operand;

/// <summary>A character string.</summary>
public sealed record Cql2String(string Value) : Cql2Operand;

/// <summary>A number, kept as written (decimal where it fits, else double).</summary>
public sealed record Cql2Number(double Value, decimal? Exact) : Cql2Operand;

/// <summary>TRUE or FALSE as a value (compared with a boolean queryable).</summary>
public sealed record Cql2Boolean(bool Value) : Cql2Operand;

/// <summary>TIMESTAMP('…'): an instant, UTC.</summary>
public sealed record Cql2Timestamp(DateTime Utc) : Cql2Operand;

/// <summary>DATE('…'): a calendar day (UTC).</summary>
public sealed record Cql2Date(DateOnly Day) : Cql2Operand;

/// <summary>INTERVAL(start, end): each end a timestamp, a date, or null for '..' (unbounded).</summary>
public sealed record Cql2Interval(Cql2Operand? Start, Cql2Operand? End) : Cql2Operand;

/// <summary>A geometry literal (WKT, GeoJSON or BBOX), in the axis order of the filter CRS as written.</summary>
public sealed record Cql2Geometry(Geometry Value) : Cql2Operand;

/// <summary>BBOX(x0, y0, x1, y1) in the axis order of the filter CRS (heights dropped); x0 &gt; x1 in CRS84 crosses the antimeridian.</summary>
public sealed record Cql2BBox(double X0, double Y0, double X1, double Y1) : Cql2Operand;
