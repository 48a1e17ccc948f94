using GeoMonitor.GraphQL.Language;

namespace GeoMonitor.GraphQL.Types;

/// <summary>A directive definition (spec 3.13 Directives).</summary>
public sealed class DirectiveDefinition
{
    private readonly List<InputValueDefinition> _arguments = [];

    /// <summary>Creates a directive definition.</summary>
    public DirectiveDefinition(string name, IEnumerable<DirectiveLocation> locations, string? description = null, bool isRepeatable = false)
    {
        Name = name;
        Locations = locations.ToList();
        Description = description;
        IsRepeatable = isRepeatable;
    }

    /// <summary>The name, without "@".</summary>
    public string Name { get; }

    /// <summary>Description for introspection.</summary>
    public string? Description { get; }

    /// <summary>Where it may be used.</summary>
    public IReadOnlyList<DirectiveLocation> Locations { get; }

    /// <summary>Whether it may appear more than once at one location.</summary>
    public bool IsRepeatable { get; }

    /// <summary>Arguments in order.</summary>
    public IReadOnlyList<InputValueDefinition> Arguments => _arguments;

    /// <summary>The SDL node it came from.</summary>
    public DirectiveDefinitionNode? AstNode { get; internal set; }

    /// <summary>Adds an argument; for schema construction.</summary>
    public DirectiveDefinition AddArgument(InputValueDefinition argument)
    {
        _arguments.Add(argument);
        return this;
    }

    /// <summary>Looks up an argument by name.</summary>
    public InputValueDefinition? GetArgument(string name) => _arguments.FirstOrDefault(a => a.Name == name);
}

/// <summary>The directives every schema has (spec 3.13.1 - 3.13.4).</summary>
public static class SpecifiedDirectives
{
    /// <summary>The reason @deprecated uses when none is given.</summary>
    public const string DefaultDeprecationReason = "No longer supported";

    /// <summary>@skip(if: Boolean!) on FIELD | FRAGMENT_SPREAD | INLINE_FRAGMENT</summary>
    public static DirectiveDefinition Skip { get; } = new DirectiveDefinition(
            "skip",
            [DirectiveLocation.Field, DirectiveLocation.FragmentSpread, DirectiveLocation.InlineFragment],
            "Directs the executor to skip this field or fragment when the `if` argument is true.")
        .AddArgument(new InputValueDefinition("if", new NonNullType(BuiltInScalars.Boolean), "Skipped when true."));

    /// <summary>@include(if: Boolean!) on FIELD | FRAGMENT_SPREAD | INLINE_FRAGMENT</summary>
    public static DirectiveDefinition Include { get; } = new DirectiveDefinition(
            "include",
            [DirectiveLocation.Field, DirectiveLocation.FragmentSpread, DirectiveLocation.InlineFragment],
            "Directs the executor to include this field or fragment only when the `if` argument is true.")
        .AddArgument(new InputValueDefinition("if", new NonNullType(BuiltInScalars.Boolean), "Included when true."));

    /// <summary>@deprecated(reason: String = "No longer supported") on FIELD_DEFINITION | ARGUMENT_DEFINITION | INPUT_FIELD_DEFINITION | ENUM_VALUE</summary>
    public static DirectiveDefinition Deprecated { get; } = CreateDeprecated();

    /// <summary>@specifiedBy(url: String!) on SCALAR</summary>
    public static DirectiveDefinition SpecifiedBy { get; } = new DirectiveDefinition(
            "specifiedBy", [DirectiveLocation.Scalar], "Exposes a URL that specifies the behavior of this scalar.")
        .AddArgument(new InputValueDefinition("url", new NonNullType(BuiltInScalars.String), "The URL that specifies the behavior of this scalar."));

    /// <summary>All four.</summary>
    public static IReadOnlyList<DirectiveDefinition> All { get; } = [Include, Skip, Deprecated, SpecifiedBy];

    /// <summary>Whether a directive name is one of the specified directives.</summary>
    public static bool IsSpecified(string name) => name is "skip" or "include" or "deprecated" or "specifiedBy";

    private static DirectiveDefinition CreateDeprecated()
    {
        var reason = new InputValueDefinition(
            "reason",
            BuiltInScalars.String,
            "Explains why this element was deprecated, usually also including a suggestion for how to access supported similar data. Formatted using the Markdown syntax, as specified by [CommonMark](https://commonmark.org/).");
        reason.WithDefault(new StringValueNode(DefaultDeprecationReason));
        reason.SetCoercedDefault(DefaultDeprecationReason);
        return new DirectiveDefinition(
                "deprecated",
                [DirectiveLocation.FieldDefinition, DirectiveLocation.ArgumentDefinition, DirectiveLocation.InputFieldDefinition, DirectiveLocation.EnumValue],
                "Marks an element of a GraphQL schema as no longer supported.")
            .AddArgument(reason);
    }
}
