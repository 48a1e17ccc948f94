using System.Globalization;
using System.Text;

namespace GeoMonitor.GraphQL.Language;

/// <summary>
/// Prints an AST back to GraphQL text in the canonical layout graphql-js uses: two-space indentation,
/// one selection per line, arguments wrapped when a line would pass 80 characters.
/// </summary>
public static class Printer
{
    private const int MaxLineLength = 80;

    /// <summary>Prints any node.</summary>
    public static string Print(Node node) => node switch
    {
        NameNode n => n.Value,
        VariableNode v => "$" + v.Name.Value,
        DocumentNode d => Join(d.Definitions.Select(Print), "\n\n"),
        OperationDefinitionNode o => PrintOperation(o),
        VariableDefinitionNode v => Join(
            [Print(v.Variable), ": ", Print(v.Type), Wrap(" = ", v.DefaultValue), Wrap(" ", Directives(v.Directives))]),
        SelectionSetNode s => Block(s.Selections.Select(Print)),
        FieldNode f => PrintField(f),
        ArgumentNode a => a.Name.Value + ": " + Print(a.Value),
        FragmentSpreadNode s => "..." + s.Name.Value + Wrap(" ", Directives(s.Directives)),
        InlineFragmentNode i => Join(
            ["...", Wrap("on ", i.TypeCondition), Directives(i.Directives), Print(i.SelectionSet)], " "),
        FragmentDefinitionNode f =>
            $"fragment {f.Name.Value} on {f.TypeCondition.Name.Value} " + Wrap("", Directives(f.Directives), " ") + Print(f.SelectionSet),
        IntValueNode i => i.Value,
        FloatValueNode f => f.Value,
        StringValueNode s => s.Block ? BlockString.Print(s.Value) : PrintString(s.Value),
        BooleanValueNode b => b.Value ? "true" : "false",
        NullValueNode => "null",
        EnumValueNode e => e.Value,
        ListValueNode l => "[" + Join(l.Values.Select(Print), ", ") + "]",
        ObjectValueNode o => "{" + Join(o.Fields.Select(Print), ", ") + "}",
        ObjectFieldNode f => f.Name.Value + ": " + Print(f.Value),
        DirectiveNode d => "@" + d.Name.Value + Wrap("(", Join(d.Arguments.Select(Print), ", "), ")"),
        NamedTypeNode n => n.Name.Value,
        ListTypeNode l => "[" + Print(l.Type) + "]",
        NonNullTypeNode n => Print(n.Type) + "!",
        SchemaDefinitionNode s => Description(s.Description) +
            Join(["schema", Directives(s.Directives), Block(s.OperationTypes.Select(Print))], " "),
        OperationTypeDefinitionNode o => OperationName(o.Operation) + ": " + Print(o.Type),
        ScalarTypeDefinitionNode s => Description(s.Description) + Join(["scalar", s.Name.Value, Directives(s.Directives)], " "),
        ObjectTypeDefinitionNode o => Description(o.Description) + Join(
            ["type", o.Name.Value, Implements(o.Interfaces), Directives(o.Directives), Block(o.Fields.Select(Print))], " "),
        InterfaceTypeDefinitionNode i => Description(i.Description) + Join(
            ["interface", i.Name.Value, Implements(i.Interfaces), Directives(i.Directives), Block(i.Fields.Select(Print))], " "),
        FieldDefinitionNode f => Description(f.Description) + f.Name.Value + ArgumentDefinitions(f.Arguments) + ": " +
            Print(f.Type) + Wrap(" ", Directives(f.Directives)),
        InputValueDefinitionNode i => Description(i.Description) + Join(
            [i.Name.Value, ": ", Print(i.Type), Wrap(" = ", i.DefaultValue), Wrap(" ", Directives(i.Directives))]),
        UnionTypeDefinitionNode u => Description(u.Description) + Join(
            ["union", u.Name.Value, Directives(u.Directives), Wrap("= ", Join(u.Types.Select(Print), " | "))], " "),
        EnumTypeDefinitionNode e => Description(e.Description) + Join(
            ["enum", e.Name.Value, Directives(e.Directives), Block(e.Values.Select(Print))], " "),
        EnumValueDefinitionNode e => Description(e.Description) + Join([e.Name.Value, Directives(e.Directives)], " "),
        InputObjectTypeDefinitionNode i => Description(i.Description) + Join(
            ["input", i.Name.Value, Directives(i.Directives), Block(i.Fields.Select(Print))], " "),
        DirectiveDefinitionNode d => Description(d.Description) + "directive @" + d.Name.Value + ArgumentDefinitions(d.Arguments) +
            (d.Repeatable ? " repeatable" : string.Empty) + " on " + Join(d.Locations.Select(l => l.Value), " | "),
        SchemaExtensionNode s => Join(["extend schema", Directives(s.Directives), Block(s.OperationTypes.Select(Print))], " "),
        ScalarTypeExtensionNode s => Join(["extend scalar", s.Name.Value, Directives(s.Directives)], " "),
        ObjectTypeExtensionNode o => Join(
            ["extend type", o.Name.Value, Implements(o.Interfaces), Directives(o.Directives), Block(o.Fields.Select(Print))], " "),
        InterfaceTypeExtensionNode i => Join(
            ["extend interface", i.Name.Value, Implements(i.Interfaces), Directives(i.Directives), Block(i.Fields.Select(Print))], " "),
        UnionTypeExtensionNode u => Join(
            ["extend union", u.Name.Value, Directives(u.Directives), Wrap("= ", Join(u.Types.Select(Print), " | "))], " "),
        EnumTypeExtensionNode e => Join(["extend enum", e.Name.Value, Directives(e.Directives), Block(e.Values.Select(Print))], " "),
        InputObjectTypeExtensionNode i => Join(
            ["extend input", i.Name.Value, Directives(i.Directives), Block(i.Fields.Select(Print))], " "),
        _ => throw new ArgumentException($"Cannot print node of type {node.GetType().Name}.", nameof(node)),
    };

    /// <summary>Prints a string as a quoted GraphQL string literal, escaping quotes, backslashes and control characters.</summary>
    public static string PrintString(string value)
    {
        var sb = new StringBuilder(value.Length + 2).Append('"');
        foreach (var c in value)
        {
            switch (c)
            {
                case '"': sb.Append("\\\""); break;
                case '\\': sb.Append("\\\\"); break;
                case '\b': sb.Append("\\b"); break;
                case '\f': sb.Append("\\f"); break;
                case '\n': sb.Append("\\n"); break;
                case '\r': sb.Append("\\r"); break;
                case '\t': sb.Append("\\t"); break;
                default:
                    if (c < 0x20 || (c >= 0x7F && c <= 0x9F))
                        sb.Append("\\u").Append(((int)c).ToString("X4", CultureInfo.InvariantCulture));
                    else
                        sb.Append(c);
                    break;
            }
        }
        return sb.Append('"').ToString();
    }

    internal static string OperationName(OperationType operation) => operation switch
    {
        OperationType.Query => "query",
        OperationType.Mutation => "mutation",
        _ => "subscription",
    };

    private static string PrintOperation(OperationDefinitionNode o)
    {
        var op = OperationName(o.Operation);
        var varDefs = Wrap("(", Join(o.VariableDefinitions.Select(Print), ", "), ")");
        var prefix = Join([op, (o.Name?.Value ?? string.Empty) + varDefs, Directives(o.Directives)], " ");
        // Anonymous queries without variables or directives use the shorthand form.
        return (prefix == "query" ? string.Empty : prefix + " ") + Print(o.SelectionSet);
    }

    private static string PrintField(FieldNode f)
    {
        var prefix = (f.Alias is null ? string.Empty : f.Alias.Value + ": ") + f.Name.Value;
        var args = f.Arguments.Select(Print).ToList();
        var line = prefix + Wrap("(", Join(args, ", "), ")");
        if (line.Length > MaxLineLength) line = prefix + Wrap("(\n", Indent(Join(args, "\n")), "\n)");
        return Join([line, Directives(f.Directives), f.SelectionSet is null ? string.Empty : Print(f.SelectionSet)], " ");
    }

    private static string ArgumentDefinitions(IReadOnlyList<InputValueDefinitionNode> args)
    {
        var printed = args.Select(Print).ToList();
        return printed.Any(a => a.Contains('\n', StringComparison.Ordinal))
            ? Wrap("(\n", Indent(Join(printed, "\n")), "\n)")
            : Wrap("(", Join(printed, ", "), ")");
    }

    private static string Implements(IReadOnlyList<NamedTypeNode> interfaces) =>
        Wrap("implements ", Join(interfaces.Select(Print), " & "));

    private static string Directives(IReadOnlyList<DirectiveNode> directives) => Join(directives.Select(Print), " ");

    private static string Description(StringValueNode? description) =>
        description is null ? string.Empty : Print(description) + "\n";

    private static string Block(IEnumerable<string> items)
    {
        var body = Join(items, "\n");
        return body.Length == 0 ? string.Empty : "{\n" + Indent(body) + "\n}";
    }

    private static string Indent(string text) => text.Length == 0 ? text : "  " + text.Replace("\n", "\n  ", StringComparison.Ordinal);

    private static string Wrap(string start, Node? node, string end = "") => node is null ? string.Empty : start + Print(node) + end;

    private static string Wrap(string start, string value, string end = "") => value.Length == 0 ? string.Empty : start + value + end;

    private static string Join(IEnumerable<string> parts, string separator = "") =>
        string.Join(separator, parts.Where(p => p.Length > 0));
}
