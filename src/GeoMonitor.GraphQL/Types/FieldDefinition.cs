using GeoMonitor.GraphQL.Execution;
using GeoMonitor.GraphQL.Language;

namespace GeoMonitor.GraphQL.Types;

/// <summary>Computes a field's value. Return the value, or a Task/ValueTask of it.</summary>
public delegate ValueTask<object?> FieldResolver(ResolveContext context);

/// <summary>Produces the event stream of a subscription root field.</summary>
public delegate ValueTask<IAsyncEnumerable<object?>> SubscriptionResolver(ResolveContext context);

/// <summary>A field of an object or interface (spec 3.6 FieldsDefinition).</summary>
public sealed class FieldDefinition
{
    private readonly List<InputValueDefinition> _arguments = [];

    /// <summary>Creates a field.</summary>
    public FieldDefinition(string name, GraphQLType type, string? description = null)
    {
        Name = name;
        Type = type;
        Description = description;
    }

    /// <summary>The field name.</summary>
    public string Name { get; }

    /// <summary>The result type.</summary>
    public GraphQLType Type { get; internal set; }

    /// <summary>Description for introspection.</summary>
    public string? Description { get; set; }

    /// <summary>Why the field is deprecated; null when it is not.</summary>
    public string? DeprecationReason { get; set; }

    /// <summary>Whether the field is deprecated.</summary>
    public bool IsDeprecated => DeprecationReason is not null;

    /// <summary>Argument definitions in order.</summary>
    public IReadOnlyList<InputValueDefinition> Arguments => _arguments;

    /// <summary>The resolver; null uses the default property/dictionary lookup.</summary>
    public FieldResolver? Resolver { get; set; }

    /// <summary>For subscription root fields: the source event stream.</summary>
    public SubscriptionResolver? Subscriber { get; set; }

    /// <summary>The SDL node it came from.</summary>
    public FieldDefinitionNode? AstNode { get; internal set; }

    /// <summary>Adds an argument; for schema construction.</summary>
    public FieldDefinition AddArgument(InputValueDefinition argument)
    {
        _arguments.Add(argument);
        return this;
    }

    /// <summary>Looks up an argument by name.</summary>
    public InputValueDefinition? GetArgument(string name)
    {
        foreach (var a in _arguments)
        {
            if (a.Name == name) return a;
        }
        return null;
    }
}
