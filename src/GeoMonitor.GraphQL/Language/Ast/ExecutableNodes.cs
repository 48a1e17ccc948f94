namespace GeoMonitor.GraphQL.Language;

/// <summary>An operation or fragment definition (spec 2.2 ExecutableDefinition).</summary>
public abstract record ExecutableDefinitionNode : DefinitionNode
{
    /// <summary>Directives on the definition.</summary>
    public abstract IReadOnlyList<DirectiveNode> Directives { get; }

    /// <summary>The definition's selections.</summary>
    public abstract SelectionSetNode SelectionSet { get; }
}

/// <summary>An operation (spec 2.3 Operations).</summary>
/// <param name="Operation">Query, mutation or subscription.</param>
/// <param name="Name">The name; null for anonymous operations.</param>
/// <param name="VariableDefinitions">Declared variables.</param>
/// <param name="Directives">Directives on the operation.</param>
/// <param name="SelectionSet">The root selections.</param>
public sealed record OperationDefinitionNode(
    OperationType Operation,
    NameNode? Name,
    IReadOnlyList<VariableDefinitionNode> VariableDefinitions,
    IReadOnlyList<DirectiveNode> Directives,
    SelectionSetNode SelectionSet) : ExecutableDefinitionNode
{
    /// <inheritdoc />
    public override IReadOnlyList<DirectiveNode> Directives { get; } = Directives;

    /// <inheritdoc />
    public override SelectionSetNode SelectionSet { get; } = SelectionSet;
}

/// <summary>A named fragment (spec 2.8 Fragments).</summary>
/// <param name="Name">Fragment name.</param>
/// <param name="TypeCondition">The type the fragment applies to.</param>
/// <param name="Directives">Directives on the fragment.</param>
/// <param name="SelectionSet">The fragment's selections.</param>
public sealed record FragmentDefinitionNode(
    NameNode Name,
    NamedTypeNode TypeCondition,
    IReadOnlyList<DirectiveNode> Directives,
    SelectionSetNode SelectionSet) : ExecutableDefinitionNode
{
    /// <inheritdoc />
    public override IReadOnlyList<DirectiveNode> Directives { get; } = Directives;

    /// <inheritdoc />
    public override SelectionSetNode SelectionSet { get; } = SelectionSet;
}

/// <summary>A variable declaration (spec 2.10 Variables).</summary>
/// <param name="Variable">The variable.</param>
/// <param name="Type">Its declared type.</param>
/// <param name="DefaultValue">Its default, a constant literal, if any.</param>
/// <param name="Directives">Directives on the definition.</param>
public sealed record VariableDefinitionNode(
    VariableNode Variable,
    TypeNode Type,
    ValueNode? DefaultValue,
    IReadOnlyList<DirectiveNode> Directives) : Node;

/// <summary>A set of selections in braces (spec 2.4 Selection Sets).</summary>
/// <param name="Selections">The selections in source order.</param>
public sealed record SelectionSetNode(IReadOnlyList<SelectionNode> Selections) : Node;

/// <summary>A field, fragment spread or inline fragment.</summary>
public abstract record SelectionNode : Node
{
    /// <summary>Directives on the selection.</summary>
    public abstract IReadOnlyList<DirectiveNode> Directives { get; }
}

/// <summary>A field selection (spec 2.5 Fields).</summary>
/// <param name="Alias">The alias, if any.</param>
/// <param name="Name">The field name.</param>
/// <param name="Arguments">Arguments given.</param>
/// <param name="Directives">Directives on the field.</param>
/// <param name="SelectionSet">Sub-selections, for fields of composite type.</param>
public sealed record FieldNode(
    NameNode? Alias,
    NameNode Name,
    IReadOnlyList<ArgumentNode> Arguments,
    IReadOnlyList<DirectiveNode> Directives,
    SelectionSetNode? SelectionSet) : SelectionNode
{
    /// <inheritdoc />
    public override IReadOnlyList<DirectiveNode> Directives { get; } = Directives;

    /// <summary>The key of this field in the response: the alias if given, else the name.</summary>
    public string ResponseKey => Alias?.Value ?? Name.Value;
}

/// <summary>A named fragment spread, ...Name.</summary>
/// <param name="Name">The fragment name.</param>
/// <param name="Directives">Directives on the spread.</param>
public sealed record FragmentSpreadNode(NameNode Name, IReadOnlyList<DirectiveNode> Directives) : SelectionNode
{
    /// <inheritdoc />
    public override IReadOnlyList<DirectiveNode> Directives { get; } = Directives;
}

/// <summary>An inline fragment, ... on Type { }.</summary>
/// <param name="TypeCondition">The type condition; null applies to the enclosing type.</param>
/// <param name="Directives">Directives on the fragment.</param>
/// <param name="SelectionSet">Its selections.</param>
public sealed record InlineFragmentNode(
    NamedTypeNode? TypeCondition,
    IReadOnlyList<DirectiveNode> Directives,
    SelectionSetNode SelectionSet) : SelectionNode
{
    /// <inheritdoc />
    public override IReadOnlyList<DirectiveNode> Directives { get; } = Directives;
}
