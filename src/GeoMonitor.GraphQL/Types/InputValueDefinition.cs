using GeoMonitor.GraphQL.Language;

namespace GeoMonitor.GraphQL.Types;

/// <summary>An argument or input object field (spec 3.6.1 Field Arguments, 3.10 Input Objects).</summary>
public sealed class InputValueDefinition
{
    /// <summary>Creates an input value without a default.</summary>
    public InputValueDefinition(string name, GraphQLType type, string? description = null)
    {
        Name = name;
        Type = type;
        Description = description;
    }

    /// <summary>The name.</summary>
    public string Name { get; }

    /// <summary>The input type.</summary>
    public GraphQLType Type { get; internal set; }

    /// <summary>Description for introspection.</summary>
    public string? Description { get; set; }

    /// <summary>Whether a default value is defined; distinguishes "no default" from "default null".</summary>
    public bool HasDefaultValue { get; private set; }

    /// <summary>The coerced default value.</summary>
    public object? DefaultValue { get; private set; }

    /// <summary>The default as a literal, used by introspection's defaultValue.</summary>
    public ValueNode? DefaultValueLiteral { get; private set; }

    /// <summary>Why it is deprecated; null when it is not.</summary>
    public string? DeprecationReason { get; set; }

    /// <summary>Whether it is deprecated.</summary>
    public bool IsDeprecated => DeprecationReason is not null;

    /// <summary>The SDL node it came from.</summary>
    public InputValueDefinitionNode? AstNode { get; internal set; }

    /// <summary>Sets the default from a literal; the literal is coerced once the schema's types are complete.</summary>
    public InputValueDefinition WithDefault(ValueNode literal)
    {
        DefaultValueLiteral = literal;
        HasDefaultValue = true;
        return this;
    }

    internal void SetCoercedDefault(object? value) => DefaultValue = value;
}
