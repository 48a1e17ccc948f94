using System.Globalization;
using GeoMonitor.Api.Features.Incidents.Query;
using GeoMonitor.Geo.Validation;
using NetTopologySuite.Geometries;
using Npgsql;
using NpgsqlTypes;

namespace GeoMonitor.Api.Ogc.Cql2;

/// <summary>
/// Turns a CQL2 tree into one parameterized SQL boolean expression over a collection's queryables. Properties become
/// the SQL of the whitelisted queryable; every literal becomes a parameter (<c>@cql_N</c>); operators and functions map
/// to fixed SQL. Types are checked here, so a mismatch is a 400 naming the place rather than a database error.
/// <para>Choices where CQL2 leaves room (docs/ogc.md says the same):</para>
/// <list type="bullet">
/// <item>Only property-versus-literal comparisons (either side) are offered: Basic CQL2, without the Property-Property class.</item>
/// <item>Three-valued logic as in SQL: a comparison with a null property is unknown and does not match, NOT included.</item>
/// <item>A datetime queryable compared with a string literal holding an RFC 3339 date or timestamp reads it as that
/// instant (GDAL 3.6 writes <c>occurredAt &gt;= '2024-01-01T00:00:00Z'</c>). DATE('d') in a comparison is d at 00:00 UTC.</item>
/// <item>Temporal functions take instants and intervals on either side; an instant is the degenerate interval [t, t]
/// (so T_DURING(occurredAt, INTERVAL(a, b)) is a &lt; occurredAt &lt; b, strictly); a date is its whole UTC day.</item>
/// <item>Geometry literals are in the filter CRS (CRS84 by default; EPSG:4326 is latitude first) and must be valid.</item>
/// </list>
/// </summary>
public sealed class Cql2SqlTranslator
{
    private readonly Cql2Queryables _queryables;
    private readonly OgcCrs _crs;
    private readonly List<NpgsqlParameter> _parameters = [];
    private readonly bool _spatialAsFilter;
    private bool _spatial;

    private Cql2SqlTranslator(Cql2Queryables queryables, OgcCrs crs, bool spatialAsFilter = false)
    {
        _queryables = queryables;
        _crs = crs;
        _spatialAsFilter = spatialAsFilter;
    }

    /// <summary>
    /// The SQL and parameters of <paramref name="filter"/>, with the bounds it sets on the primary instant and, when it
    /// has spatial tests, the form the query core uses when a short window is read through the time index first.
    /// </summary>
    public static SqlPredicate Translate(Cql2Predicate filter, Cql2Queryables queryables, OgcCrs crs)
    {
        var t = new Cql2SqlTranslator(queryables, crs);
        var sql = t.Predicate(filter);
        var (from, to) = InstantBounds(filter, queryables);
        // A second pass binds the same literals under the same names, so one parameter list serves both forms.
        var timeFirst = t._spatial ? new Cql2SqlTranslator(queryables, crs, spatialAsFilter: true).Predicate(filter) : null;
        return new SqlPredicate(sql, t._parameters) { From = from, To = to, TimeFirstSql = timeFirst };
    }

    /// <summary>
    /// The window the filter's top-level AND puts on the primary instant (occurredAt): comparisons and BETWEEN with
    /// instants, and the temporal functions that keep it inside (T_INTERSECTS, T_DURING, T_EQUALS, T_STARTS,
    /// T_FINISHES) or on one side (T_AFTER, T_BEFORE) of a literal. A bound of the matches, not their definition (the
    /// SQL is): it lets a short window be read through the time index first, as datetime= is (measured in
    /// docs/performance.md, "OGC CQL2 filters").
    /// </summary>
    public static (DateTime? From, DateTime? To) InstantBounds(Cql2Predicate filter, Cql2Queryables queryables)
    {
        DateTime? from = null, to = null;
        void Lower(DateTime t) { if (t != DateTime.MinValue && (from is null || t > from)) from = t; }
        void Upper(DateTime t) { if (t != DateTime.MaxValue && (to is null || t < to)) to = t; }
        bool IsInstant(Cql2Operand o) => o is Cql2Property p && queryables.Find(p.Name)?.Role == "primary-instant";
        static bool IsLiteral(Cql2Operand o) => o is Cql2Timestamp or Cql2Date or Cql2Interval;
        foreach (var c in Conjuncts(filter))
            switch (c)
            {
                case Cql2Comparison cmp when IsInstant(cmp.Left) != IsInstant(cmp.Right):
                {
                    var (literal, op) = IsInstant(cmp.Left) ? (cmp.Right, cmp.Op)
                        : (cmp.Left, cmp.Op switch { "<" => ">", "<=" => ">=", ">" => "<", ">=" => "<=", var same => same });
                    if (InstantLiteral(literal) is not { } t) break;
                    if (op is ">" or ">=" or "=") Lower(t);
                    if (op is "<" or "<=" or "=") Upper(t);
                    break;
                }
                case Cql2Between b when IsInstant(b.Value):
                    if (InstantLiteral(b.Low) is { } low) Lower(low);
                    if (InstantLiteral(b.High) is { } high) Upper(high);
                    break;
                case Cql2Temporal t when IsInstant(t.A) && IsLiteral(t.B):
                    if (t.Op is "t_intersects" or "t_during" or "t_equals" or "t_starts" or "t_finishes" or "t_after") Lower(t.Op == "t_after" ? Cql2Time.End(t.B) : Cql2Time.Start(t.B));
                    if (t.Op is "t_intersects" or "t_during" or "t_equals" or "t_starts" or "t_finishes" or "t_before") Upper(t.Op == "t_before" ? Cql2Time.Start(t.B) : Cql2Time.End(t.B));
                    break;
                case Cql2Temporal t when IsInstant(t.B) && IsLiteral(t.A):
                    if (t.Op is "t_intersects" or "t_equals" or "t_before") Lower(t.Op == "t_before" ? Cql2Time.End(t.A) : Cql2Time.Start(t.A));
                    if (t.Op is "t_intersects" or "t_equals" or "t_after") Upper(t.Op == "t_after" ? Cql2Time.Start(t.A) : Cql2Time.End(t.A));
                    break;
            }
        return (from, to);
    }

    private static IEnumerable<Cql2Predicate> Conjuncts(Cql2Predicate p) =>
        p is Cql2Logical { IsAnd: true } and ? and.Args.SelectMany(Conjuncts) : [p];

    // An instant literal as a comparison reads it (null for anything else; the translation has already checked it).
    private static DateTime? InstantLiteral(Cql2Operand o) => o switch
    {
        Cql2Timestamp t => t.Utc,
        Cql2Date d => Cql2Time.Midnight(d.Day),
        Cql2String s => Cql2Time.Start(Cql2TextParser.Instant(s.Value.TrimEnd('T'), s.At)),
        _ => null,
    };

    private string Param(object value, NpgsqlDbType type)
    {
        var name = "cql_" + _parameters.Count.ToString(CultureInfo.InvariantCulture);
        _parameters.Add(new NpgsqlParameter(name, type) { Value = value });
        return "@" + name;
    }

    private string Predicate(Cql2Predicate p) => p switch
    {
        Cql2Logical l => "(" + string.Join(l.IsAnd ? " AND " : " OR ", l.Args.Select(Predicate)) + ")",
        Cql2Not n => "(NOT " + Predicate(n.Arg) + ")",
        Cql2BooleanPredicate b => b.Value ? "TRUE" : "FALSE",
        Cql2Comparison c => Comparison(c),
        Cql2Like l => Like(l),
        Cql2Between b => Between(b),
        Cql2In i => In(i),
        Cql2IsNull n => IsNull(n),
        Cql2Spatial s => Spatial(s),
        Cql2Temporal t => Temporal(t),
        _ => throw new Cql2Exception(p.At, "Unsupported predicate"),
    };

    private Cql2Queryable Property(Cql2Property p) => _queryables.Find(p.Name)
        ?? throw new Cql2Exception(p.At, $"'{p.Name}' is not a queryable of {_queryables.CollectionId} (see /collections/{_queryables.CollectionId}/queryables: {_queryables.Names})");

    // Basic CQL2: one side a property, the other a literal. The operator is mirrored when the property is on the right.
    private (Cql2Queryable Property, Cql2Operand Literal, bool Swapped) Split(Cql2Operand left, Cql2Operand right, Cql2Location at)
    {
        if (left is Cql2Property lp && right is not Cql2Property) return (Property(lp), right, false);
        if (right is Cql2Property rp && left is not Cql2Property) return (Property(rp), left, true);
        throw new Cql2Exception(at, left is Cql2Property
            ? "Comparing two properties is not offered (only a property with a literal)"
            : "A comparison needs a property on one side");
    }

    private string Comparison(Cql2Comparison c)
    {
        var (q, literal, swapped) = Split(c.Left, c.Right, c.At);
        var op = !swapped ? c.Op : c.Op switch { "<" => ">", "<=" => ">=", ">" => "<", ">=" => "<=", var same => same };
        if (q.Type == Cql2Type.Geometry)
            throw new Cql2Exception(c.At, $"'{q.Name}' is a geometry: compare it with a spatial function (S_INTERSECTS, S_WITHIN, …)");
        return $"({q.Sql} {op} {Value(q, literal)})";
    }

    private string Like(Cql2Like l)
    {
        if (l.Value is not Cql2Property p) throw new Cql2Exception(l.At, "LIKE needs a property on its left");
        var q = Property(p);
        if (q.Type != Cql2Type.String) throw new Cql2Exception(l.At, $"LIKE needs a text property; '{q.Name}' is {Describe(q.Type)}");
        if (l.Pattern is not Cql2String pattern) throw new Cql2Exception(l.Pattern.At, "The LIKE pattern must be a character literal");
        // CQL2's wildcards (% and _) and escape character (\) are PostgreSQL's own.
        return $"({q.Sql} LIKE {Param(pattern.Value, NpgsqlDbType.Text)})";
    }

    private string Between(Cql2Between b)
    {
        if (b.Value is not Cql2Property p) throw new Cql2Exception(b.At, "BETWEEN needs a property on its left");
        var q = Property(p);
        if (q.Type is not (Cql2Type.Integer or Cql2Type.Number or Cql2Type.DateTime))
            throw new Cql2Exception(b.At, $"BETWEEN needs a numeric (or datetime) property; '{q.Name}' is {Describe(q.Type)}");
        return $"({q.Sql} BETWEEN {Value(q, b.Low)} AND {Value(q, b.High)})";
    }

    private string In(Cql2In i)
    {
        if (i.Value is not Cql2Property p) throw new Cql2Exception(i.At, "IN needs a property on its left");
        var q = Property(p);
        if (q.Type == Cql2Type.Geometry) throw new Cql2Exception(i.At, $"'{q.Name}' is a geometry: IN does not apply");
        if (i.List.Count > 1000) throw new Cql2Exception(i.At, "IN takes at most 1000 values");
        var (type, values) = Typed(q, i.List);
        return $"({q.Sql} = ANY ({Param(values, NpgsqlDbType.Array | type)}))";
    }

    private string IsNull(Cql2IsNull n)
    {
        if (n.Value is not Cql2Property p) throw new Cql2Exception(n.At, "IS NULL needs a property");
        return $"({Property(p).Sql} IS NULL)";
    }

    private (NpgsqlDbType Type, Array Values) Typed(Cql2Queryable q, IReadOnlyList<Cql2Operand> list) => q.Type switch
    {
        Cql2Type.String => (NpgsqlDbType.Text, list.Select(o => StringOf(q, o)).ToArray()),
        Cql2Type.Integer or Cql2Type.Number => (NpgsqlDbType.Numeric, list.Select(o => NumberOf(q, o)).ToArray()),
        Cql2Type.Boolean => (NpgsqlDbType.Boolean, list.Select(o => BooleanOf(q, o)).ToArray()),
        _ => (NpgsqlDbType.TimestampTz, list.Select(o => InstantOf(q, o)).ToArray()),
    };

    // A literal bound with the queryable's type (numbers as numeric: exact, and comparable with integer and double columns).
    private string Value(Cql2Queryable q, Cql2Operand o) => q.Type switch
    {
        Cql2Type.String => Param(StringOf(q, o), NpgsqlDbType.Text),
        Cql2Type.Integer or Cql2Type.Number => Param(NumberOf(q, o), NpgsqlDbType.Numeric),
        Cql2Type.Boolean => Param(BooleanOf(q, o), NpgsqlDbType.Boolean),
        Cql2Type.DateTime => Param(InstantOf(q, o), NpgsqlDbType.TimestampTz),
        _ => throw new Cql2Exception(o.At, $"'{q.Name}' is a geometry: compare it with a spatial function"),
    };

    private static string StringOf(Cql2Queryable q, Cql2Operand o) => o is Cql2String s ? s.Value
        : throw Mismatch(q, o, "a character literal such as 'Battles'");

    private static decimal NumberOf(Cql2Queryable q, Cql2Operand o)
    {
        if (o is not Cql2Number n) throw Mismatch(q, o, "a number");
        return n.Exact ?? throw new Cql2Exception(o.At, $"The number {n.Value.ToString(CultureInfo.InvariantCulture)} is out of range");
    }

    private static bool BooleanOf(Cql2Queryable q, Cql2Operand o) => o is Cql2Boolean b ? b.Value
        : throw Mismatch(q, o, "TRUE or FALSE");

    private static DateTime InstantOf(Cql2Queryable q, Cql2Operand o) => o switch
    {
        Cql2Timestamp t => t.Utc,
        Cql2Date d => Cql2Time.Midnight(d.Day),
        // GDAL writes instants as plain strings (and a date alone as "2024-01-01T").
        Cql2String s => Cql2Time.Start(Cql2TextParser.Instant(s.Value.TrimEnd('T'), s.At)),
        _ => throw Mismatch(q, o, "TIMESTAMP('…') or DATE('…')"),
    };

    private static Cql2Exception Mismatch(Cql2Queryable q, Cql2Operand o, string expected) =>
        new(o.At, $"'{q.Name}' is {Describe(q.Type)} and cannot be compared with {Describe(o)}", expected);

    private static string Describe(Cql2Type t) => t switch
    {
        Cql2Type.String => "text",
        Cql2Type.Integer => "an integer",
        Cql2Type.Number => "a number",
        Cql2Type.Boolean => "a boolean",
        Cql2Type.DateTime => "a datetime",
        _ => "a geometry",
    };

    private static string Describe(Cql2Operand o) => o switch
    {
        Cql2String s => $"the text '{s.Value}'",
        Cql2Number n => "the number " + n.Value.ToString(CultureInfo.InvariantCulture),
        Cql2Boolean b => b.Value ? "TRUE" : "FALSE",
        Cql2Timestamp or Cql2Date => "an instant",
        Cql2Interval => "an interval",
        Cql2Geometry or Cql2BBox => "a geometry",
        _ => "this value",
    };

    private static readonly Dictionary<string, string> SpatialSql = new(StringComparer.Ordinal)
    {
        ["s_intersects"] = "ST_Intersects", ["s_equals"] = "ST_Equals", ["s_disjoint"] = "ST_Disjoint", ["s_touches"] = "ST_Touches",
        ["s_within"] = "ST_Within", ["s_overlaps"] = "ST_Overlaps", ["s_crosses"] = "ST_Crosses", ["s_contains"] = "ST_Contains",
    };

    // The DE-9IM predicates of OGC 06-103r4, which PostGIS implements under the same names (argument order kept).
    // In the time-first form, inside IS TRUE: not an index qual, a filter of the rows the time index found (as IncidentSql's own).
    private string Spatial(Cql2Spatial s)
    {
        _spatial = true;
        var sql = $"{SpatialSql[s.Op]}({GeometryOperand(s.A)}, {GeometryOperand(s.B)})";
        return _spatialAsFilter ? $"({sql}) IS TRUE" : sql;
    }

    private string GeometryOperand(Cql2Operand o)
    {
        switch (o)
        {
            case Cql2Property p:
            {
                var q = Property(p);
                if (q.Type != Cql2Type.Geometry)
                    throw new Cql2Exception(o.At, $"'{q.Name}' is {Describe(q.Type)}; spatial functions take the geometry ('{_queryables.All.First(x => x.Type == Cql2Type.Geometry).Name}') or a geometry literal");
                return q.Sql;
            }
            case Cql2Geometry g:
                return GeometryParam(ToCrs(g.Value, o.At), o.At);
            case Cql2BBox b:
                return GeometryParam(Box(b), o.At);
            default:
                throw new Cql2Exception(o.At, $"A spatial function takes a geometry, not {Describe(o)}", "a geometry property, POINT(…), POLYGON(…), BBOX(…), …");
        }
    }

    // Into the filter CRS: swap to x = longitude for EPSG:4326, then check ranges and validity before SQL sees it.
    private Geometry ToCrs(Geometry g, Cql2Location at)
    {
        var copy = g.Copy();
        if (_crs.LatitudeFirst)
            copy.Apply(new SwapAxes());
        copy.SRID = _crs.Srid;
        if (_crs.Srid == 4326)
            foreach (var c in copy.Coordinates)
                if (!double.IsFinite(c.X) || !double.IsFinite(c.Y) || c.X < -180 || c.X > 180 || c.Y < -90 || c.Y > 90)
                    throw new Cql2Exception(at, $"The position ({Show(c)}) is outside longitude −180..180, latitude −90..90"
                        + (_crs.LatitudeFirst ? " (EPSG:4326 is latitude first)" : " (CRS84 is longitude first)"));
        var verdict = GeometryValidator.Validate(copy);
        if (!verdict.IsValid) throw new Cql2Exception(at, "The geometry is not valid: " + verdict.Message);
        return copy;
    }

    private static string Show(Coordinate c) =>
        string.Create(CultureInfo.InvariantCulture, $"{c.X} {c.Y}");

    private Geometry Box(Cql2BBox b)
    {
        var (x0, y0, x1, y1) = _crs.LatitudeFirst ? (b.Y0, b.X0, b.Y1, b.X1) : (b.X0, b.Y0, b.X1, b.Y1);
        var factory = new GeometryFactory(new PrecisionModel(), _crs.Srid);
        Polygon Rect(double a0, double b0, double a1, double b1) => factory.CreatePolygon(
        [
            new Coordinate(a0, b0), new Coordinate(a1, b0), new Coordinate(a1, b1), new Coordinate(a0, b1), new Coordinate(a0, b0),
        ]);
        if (_crs.Srid == 4326)
        {
            if (x0 < -180 || x0 > 180 || x1 < -180 || x1 > 180 || y0 < -90 || y1 > 90 || y0 > y1)
                throw new Cql2Exception(b.At, "BBOX is not a valid longitude/latitude box" + (_crs.LatitudeFirst ? " (EPSG:4326: minLat, minLon, maxLat, maxLon)" : ""));
            // West edge east of the east edge: the box crosses the antimeridian (CQL2 7.5.1).
            if (x0 > x1) return factory.CreateMultiPolygon([Rect(x0, y0, 180, y1), Rect(-180, y0, x1, y1)]);
        }
        else if (x0 >= x1 || y0 >= y1)
        {
            throw new Cql2Exception(b.At, "BBOX: the minimum must be below the maximum");
        }
        return Rect(x0, y0, x1, y1);
    }

    private string GeometryParam(Geometry g, Cql2Location at)
    {
        var p = Param(g, NpgsqlDbType.Geometry);
        return g.SRID == 4326 ? p : $"ST_Transform({p}, 4326)";
    }

    private string Temporal(Cql2Temporal t)
    {
        var (a0, a1) = Bounds(t.A);
        var (b0, b1) = Bounds(t.B);
        // Allen's interval relations over closed intervals (W3C/OGC Time Ontology, as CQL2 7.7.2 cites).
        var sql = t.Op switch
        {
            "t_after" => $"{a0} > {b1}",
            "t_before" => $"{a1} < {b0}",
            "t_disjoint" => $"({a1} < {b0} OR {a0} > {b1})",
            "t_equals" => $"{a0} = {b0} AND {a1} = {b1}",
            "t_intersects" => $"{a0} <= {b1} AND {a1} >= {b0}",
            "t_contains" => $"{a0} < {b0} AND {a1} > {b1}",
            "t_during" => $"{a0} > {b0} AND {a1} < {b1}",
            "t_finishedby" => $"{a0} < {b0} AND {a1} = {b1}",
            "t_finishes" => $"{a0} > {b0} AND {a1} = {b1}",
            "t_meets" => $"{a1} = {b0}",
            "t_metby" => $"{a0} = {b1}",
            "t_overlappedby" => $"{a0} > {b0} AND {a0} < {b1} AND {a1} > {b1}",
            "t_overlaps" => $"{a0} < {b0} AND {a1} > {b0} AND {a1} < {b1}",
            "t_startedby" => $"{a0} = {b0} AND {a1} > {b1}",
            "t_starts" => $"{a0} = {b0} AND {a1} < {b1}",
            _ => throw new Cql2Exception(t.At, $"Unknown temporal function '{t.Op}'"),
        };
        return "(" + sql + ")";
    }

    private (string Start, string End) Bounds(Cql2Operand o)
    {
        switch (o)
        {
            case Cql2Property p:
            {
                var q = Property(p);
                if (q.Type != Cql2Type.DateTime)
                    throw new Cql2Exception(o.At, $"'{q.Name}' is {Describe(q.Type)}; temporal functions take a datetime property or a temporal literal");
                return (q.Sql, q.Sql);
            }
            case Cql2Timestamp ts:
            {
                var p = Param(ts.Utc, NpgsqlDbType.TimestampTz);
                return (p, p);
            }
            case Cql2Date or Cql2Interval:
                return (Bound(Cql2Time.Start(o)), Bound(Cql2Time.End(o)));
            default:
                throw new Cql2Exception(o.At, $"A temporal function takes an instant or an interval, not {Describe(o)}",
                    "a datetime property, TIMESTAMP('…'), DATE('…') or INTERVAL(…, …)");
        }
    }

    private string Bound(DateTime t) =>
        t == DateTime.MinValue ? "'-infinity'::timestamptz" : t == DateTime.MaxValue ? "'infinity'::timestamptz" : Param(t, NpgsqlDbType.TimestampTz);

    private sealed class SwapAxes : ICoordinateSequenceFilter
    {
        public bool Done => false;

        public bool GeometryChanged => true;

        public void Filter(CoordinateSequence seq, int i)
        {
            var x = seq.GetX(i);
            seq.SetX(i, seq.GetY(i));
            seq.SetY(i, x);
        }
    }
}
