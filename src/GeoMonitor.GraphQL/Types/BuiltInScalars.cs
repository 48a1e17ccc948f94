using System.Globalization;
using System.Text.Json;
using GeoMonitor.GraphQL.Language;

namespace GeoMonitor.GraphQL.Types;

/// <summary>The five specified scalars (spec 3.5.1 - 3.5.5) with the coercion rules of graphql-js.</summary>
public static class BuiltInScalars
{
    /// <summary>A signed 32-bit integer; out-of-range values are rejected, never truncated.</summary>
    public static ScalarType Int { get; } = new(
        "Int",
        SerializeInt,
        ParseIntValue,
        (node, _) => node is IntValueNode i
            ? ParseIntLiteral(i)
            : throw new GraphQLException($"Int cannot represent non-integer value: {Printer.Print(node)}"),
        "The `Int` scalar type represents non-fractional signed whole numeric values. Int can represent values between -(2^31) and 2^31 - 1.");

    /// <summary>A double-precision floating point value.</summary>
    public static ScalarType Float { get; } = new(
        "Float",
        SerializeFloat,
        v => ToDouble(v) is double d && double.IsFinite(d) && v is not bool
            ? d
            : throw new GraphQLException($"Float cannot represent non numeric value: {Inspect.Value(v)}"),
        (node, _) => node is IntValueNode or FloatValueNode
            ? double.Parse(node is IntValueNode i ? i.Value : ((FloatValueNode)node).Value, CultureInfo.InvariantCulture)
            : throw new GraphQLException($"Float cannot represent non numeric value: {Printer.Print(node)}"),
        "The `Float` scalar type represents signed double-precision fractional values as specified by [IEEE 754](https://en.wikipedia.org/wiki/IEEE_floating_point).");

    /// <summary>UTF-8 text.</summary>
    public static ScalarType String { get; } = new(
        "String",
        SerializeString,
        v => v is string s ? s : throw new GraphQLException($"String cannot represent a non string value: {Inspect.Value(v)}"),
        (node, _) => node is StringValueNode s
            ? s.Value
            : throw new GraphQLException($"String cannot represent a non string value: {Printer.Print(node)}"),
        "The `String` scalar type represents textual data, represented as UTF-8 character sequences. The String type is most often used by GraphQL to represent free-form human-readable text.");

    /// <summary>true or false.</summary>
    public static ScalarType Boolean { get; } = new(
        "Boolean",
        SerializeBoolean,
        v => v is bool b ? b : throw new GraphQLException($"Boolean cannot represent a non boolean value: {Inspect.Value(v)}"),
        (node, _) => node is BooleanValueNode b
            ? b.Value
            : throw new GraphQLException($"Boolean cannot represent a non boolean value: {Printer.Print(node)}"),
        "The `Boolean` scalar type represents `true` or `false`.");

    /// <summary>An opaque identifier, serialized as a string; integer input is accepted.</summary>
    public static ScalarType ID { get; } = new(
        "ID",
        SerializeId,
        v => v switch
        {
            string s => s,
            _ when IsIntegral(v, out var l) => l.ToString(CultureInfo.InvariantCulture),
            _ => throw new GraphQLException($"ID cannot represent value: {Inspect.Value(v)}"),
        },
        (node, _) => node switch
        {
            StringValueNode s => s.Value,
            IntValueNode i => i.Value,
            _ => throw new GraphQLException($"ID cannot represent a non-string and non-integer value: {Printer.Print(node)}"),
        },
        "The `ID` scalar type represents a unique identifier, often used to refetch an object or as key for a cache. The ID type appears in a JSON response as a String; however, it is not intended to be human-readable. When expected as an input type, any string (such as `\"4\"`) or integer (such as `4`) input value will be accepted as an ID.");

    /// <summary>All five, in the order introspection lists them.</summary>
    public static IReadOnlyList<ScalarType> All { get; } = [String, Int, Float, Boolean, ID];

    /// <summary>Whether a name is one of the specified scalars.</summary>
    public static bool IsBuiltIn(string name) => name is "String" or "Int" or "Float" or "Boolean" or "ID";

    private static object ParseIntLiteral(IntValueNode node)
    {
        if (int.TryParse(node.Value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n)) return n;
        throw new GraphQLException($"Int cannot represent non 32-bit signed integer value: {node.Value}");
    }

    private static object ParseIntValue(object value)
    {
        if (value is bool || !Inspect.IsNumber(value)) throw new GraphQLException($"Int cannot represent non-integer value: {Inspect.Value(value)}");
        return ToInt32(value, value);
    }

    private static object SerializeInt(object value)
    {
        if (value is int) return value;
        var v = Unwrap(value);
        if (v is bool b) return b ? 1 : 0;
        if (v is string s && s.Trim().Length > 0 && double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed)) v = parsed;
        if (v is null || !Inspect.IsNumber(v)) throw new GraphQLException($"Int cannot represent non-integer value: {Inspect.Value(value)}");
        return ToInt32(v, value);
    }

    /// <summary>Whole numbers within 32 bits pass; fractions and values out of range fail with graphql-js's messages.</summary>
    private static int ToInt32(object number, object original)
    {
        if (IsIntegral(number, out var l))
        {
            if (l is >= int.MinValue and <= int.MaxValue) return (int)l;
            throw new GraphQLException($"Int cannot represent non 32-bit signed integer value: {Inspect.Value(original)}");
        }
        var d = ToDouble(number) ?? double.NaN;
        if (double.IsFinite(d) && Math.Floor(d) == d)
            throw new GraphQLException($"Int cannot represent non 32-bit signed integer value: {Inspect.Value(original)}");
        throw new GraphQLException($"Int cannot represent non-integer value: {Inspect.Value(original)}");
    }

    private static object SerializeFloat(object value)
    {
        if (value is double d0 && double.IsFinite(d0)) return value;
        var v = Unwrap(value);
        if (v is bool b) return b ? 1.0 : 0.0;
        if (v is string s && double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed)) v = parsed;
        if (v is not null && ToDouble(v) is double d && double.IsFinite(d)) return d;
        throw new GraphQLException($"Float cannot represent non numeric value: {Inspect.Value(value)}");
    }

    private static object SerializeString(object value)
    {
        if (value is string) return value;
        var v = Unwrap(value);
        return v switch
        {
            string s => s,
            bool b => b ? "true" : "false",
            char c => c.ToString(),
            Guid g => g.ToString(),
            DateTime dt => dt.ToString("O", CultureInfo.InvariantCulture),
            DateTimeOffset dto => dto.ToString("O", CultureInfo.InvariantCulture),
            Uri u => u.ToString(),
            Enum e => e.ToString(),
            double d when double.IsFinite(d) => d.ToString("R", CultureInfo.InvariantCulture),
            float f when float.IsFinite(f) => f.ToString("R", CultureInfo.InvariantCulture),
            IFormattable n when Inspect.IsNumber(n) && n is not double and not float => n.ToString(null, CultureInfo.InvariantCulture),
            _ => throw new GraphQLException($"String cannot represent value: {Inspect.Value(value)}"),
        };
    }

    private static object SerializeBoolean(object value)
    {
        if (value is bool) return value;
        var v = Unwrap(value);
        if (v is bool b) return b;
        if (v is not null && Inspect.IsNumber(v) && ToDouble(v) is double d && double.IsFinite(d)) return d != 0;
        throw new GraphQLException($"Boolean cannot represent a non boolean value: {Inspect.Value(value)}");
    }

    private static object SerializeId(object value)
    {
        if (value is string) return value;
        var v = Unwrap(value);
        if (v is string s) return s;
        if (v is Guid g) return g.ToString();
        if (v is not null && v is not bool && Inspect.IsNumber(v) && IsIntegral(v, out var l)) return l.ToString(CultureInfo.InvariantCulture);
        throw new GraphQLException($"ID cannot represent value: {Inspect.Value(value)}");
    }

    /// <summary>JSON elements reach scalars when a resolver returns raw JSON; reduce them to CLR primitives first.</summary>
    private static object? Unwrap(object value) => value is JsonElement e ? e.ValueKind switch
    {
        JsonValueKind.String => e.GetString(),
        JsonValueKind.Number => e.TryGetInt64(out var l) ? l : e.GetDouble(),
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        _ => value,
    } : value;

    internal static double? ToDouble(object value) => value switch
    {
        int i => i,
        long l => l,
        short s => s,
        byte b => b,
        sbyte sb => sb,
        ushort us => us,
        uint ui => ui,
        ulong ul => ul,
        double d => d,
        float f => f,
        decimal m => (double)m,
        _ => null,
    };

    /// <summary>Whether a numeric value is a whole number that fits a long; 1.0 counts, as it does in JavaScript.</summary>
    internal static bool IsIntegral(object value, out long result)
    {
        switch (value)
        {
            case int i: result = i; return true;
            case long l: result = l; return true;
            case short s: result = s; return true;
            case byte b: result = b; return true;
            case sbyte sb: result = sb; return true;
            case ushort us: result = us; return true;
            case uint ui: result = ui; return true;
            case ulong ul when ul <= long.MaxValue: result = (long)ul; return true;
            case double d when double.IsFinite(d) && Math.Floor(d) == d && d >= long.MinValue && d <= long.MaxValue: result = (long)d; return true;
            case float f when float.IsFinite(f) && Math.Floor(f) == f: result = (long)f; return true;
            case decimal m when decimal.Truncate(m) == m && m >= long.MinValue && m <= long.MaxValue: result = (long)m; return true;
            default: result = 0; return false;
        }
    }
}
