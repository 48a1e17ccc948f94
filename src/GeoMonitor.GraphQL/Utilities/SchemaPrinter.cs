using System.Text;
using GeoMonitor.GraphQL.Language;
using GeoMonitor.GraphQL.Types;

namespace GeoMonitor.GraphQL.Utilities;

/// <summary>Prints a schema as SDL, leaving out what every schema has: built-in scalars, introspection types and specified directives.</summary>
public static class SchemaPrinter
{
    /// <summary>The schema's SDL.</summary>
    public static string Print(Schema schema)
    {
        var parts = new List<string>();
        if (SchemaDefinition(schema) is { } definition) parts.Add(definition);
        parts.AddRange(schema.Directives.Where(d => !SpecifiedDirectives.IsSpecified(d.Name)).Select(PrintDirective));
        parts.AddRange(schema.Types.Values
            .Where(t => !t.Name.StartsWith("__", StringComparison.Ordinal) && !(t is ScalarType && BuiltInScalars.IsBuiltIn(t.Name)))
            .OrderBy(t => t.Name, StringComparer.Ordinal)
            .Select(PrintType));
        return string.Join("\n\n", parts) + "\n";
    }

    private static string? SchemaDefinition(Schema schema)
    {
        var conventional = schema.Query?.Name is null or "Query" && schema.Mutation?.Name is null or "Mutation" && schema.Subscription?.Name is null or "Subscription";
        if (conventional && schema.Description is null) return null;
        var sb = new StringBuilder(Description(schema.Description, string.Empty)).Append("schema {\n");
        if (schema.Query is { } q) sb.Append("  query: ").Append(q.Name).Append('\n');
        if (schema.Mutation is { } m) sb.Append("  mutation: ").Append(m.Name).Append('\n');
        if (schema.Subscription is { } s) sb.Append("  subscription: ").Append(s.Name).Append('\n');
        return sb.Append('}').ToString();
    }

    private static string PrintType(NamedType type) => type switch
    {
        ScalarType s => Description(s.Description, string.Empty) + "scalar " + s.Name +
            (s.SpecifiedByUrl is { } url ? $" @specifiedBy(url: {Printer.PrintString(url)})" : string.Empty),
        ObjectType o => Description(o.Description, string.Empty) + "type " + o.Name + Implements(o) + Fields(o),
        InterfaceType i => Description(i.Description, string.Empty) + "interface " + i.Name + Implements(i) + Fields(i),
        UnionType u => Description(u.Description, string.Empty) + "union " + u.Name +
            (u.Types.Count > 0 ? " = " + string.Join(" | ", u.Types.Select(t => t.Name)) : string.Empty),
        EnumType e => Description(e.Description, string.Empty) + "enum " + e.Name + Block(e.Values.Select(v =>
            Description(v.Description, "  ") + "  " + v.Name + Deprecated(v.DeprecationReason))),
        InputObjectType io => Description(io.Description, string.Empty) + "input " + io.Name + Block(io.Fields.Values.Select(f => Description(f.Description, "  ") + "  " + InputValue(f))),
        _ => throw new InvalidOperationException($"Unknown type {type.Name}."),
    };

    private static string Implements(ComplexType type) =>
        type.Interfaces.Count > 0 ? " implements " + string.Join(" & ", type.Interfaces.Select(i => i.Name)) : string.Empty;

    private static string Fields(ComplexType type) => Block(type.Fields.Values.Select(f =>
        Description(f.Description, "  ") + "  " + f.Name + Arguments(f.Arguments, "  ") + ": " + f.Type + Deprecated(f.DeprecationReason)));

    private static string Arguments(IReadOnlyList<InputValueDefinition> arguments, string indentation)
    {
        if (arguments.Count == 0) return string.Empty;
        if (arguments.All(a => a.Description is null)) return "(" + string.Join(", ", arguments.Select(InputValue)) + ")";
        return "(\n" + string.Join("\n", arguments.Select(a => Description(a.Description, indentation + "  ") + indentation + "  " + InputValue(a))) + "\n" + indentation + ")";
    }

    private static string InputValue(InputValueDefinition value)
    {
        var text = value.Name + ": " + value.Type;
        if (value.HasDefaultValue && (AstFromValue.Convert(value.DefaultValue, value.Type) ?? value.DefaultValueLiteral) is { } literal)
            text += " = " + Printer.Print(literal);
        return text + Deprecated(value.DeprecationReason);
    }

    private static string PrintDirective(DirectiveDefinition directive) =>
        Description(directive.Description, string.Empty) + "directive @" + directive.Name + Arguments(directive.Arguments, string.Empty) +
        (directive.IsRepeatable ? " repeatable" : string.Empty) + " on " + string.Join(" | ", directive.Locations.Select(l => l.ToSpecName()));

    private static string Deprecated(string? reason) => reason switch
    {
        null => string.Empty,
        SpecifiedDirectives.DefaultDeprecationReason => " @deprecated",
        _ => $" @deprecated(reason: {Printer.PrintString(reason)})",
    };

    private static string Block(IEnumerable<string> lines)
    {
        var list = lines.ToList();
        return list.Count == 0 ? string.Empty : " {\n" + string.Join("\n", list) + "\n}";
    }

    private static string Description(string? description, string indentation)
    {
        if (description is null) return string.Empty;
        var literal = description.Length < 70 && !description.Contains('\n', StringComparison.Ordinal)
            ? Printer.PrintString(description)
            : BlockString.Print(description).Replace("\n", "\n" + indentation, StringComparison.Ordinal);
        return indentation + literal + "\n";
    }
}
