namespace GeoMonitor.GraphQL.Language;

/// <summary>Base of every AST node. Nodes are immutable; compare them by reference where identity matters.</summary>
public abstract record Node
{
    /// <summary>Where the node was parsed from; null for nodes built in code.</summary>
    public Location? Location { get; init; }
}

/// <summary>A name (spec 2.1.9 Names).</summary>
/// <param name="Value">The name text.</param>
public sealed record NameNode(string Value) : Node
{
    /// <inheritdoc />
    public override string ToString() => Value;
}

/// <summary>A whole document (spec 2.2 Document).</summary>
/// <param name="Definitions">Executable and type-system definitions in source order.</param>
public sealed record DocumentNode(IReadOnlyList<DefinitionNode> Definitions) : Node;

/// <summary>Any top-level definition of a document.</summary>
public abstract record DefinitionNode : Node;

/// <summary>The three operation kinds (spec 2.3 Operations).</summary>
public enum OperationType
{
    /// <summary>A read-only fetch.</summary>
    Query,

    /// <summary>A write followed by a fetch; top-level fields run serially.</summary>
    Mutation,

    /// <summary>A long-lived request producing a stream of results.</summary>
    Subscription,
}

/// <summary>A directive applied to a node (spec 2.12 Directives).</summary>
/// <param name="Name">The directive name, without "@".</param>
/// <param name="Arguments">The arguments given.</param>
public sealed record DirectiveNode(NameNode Name, IReadOnlyList<ArgumentNode> Arguments) : Node;

/// <summary>A named argument (spec 2.6 Arguments).</summary>
/// <param name="Name">Argument name.</param>
/// <param name="Value">Argument value.</param>
public sealed record ArgumentNode(NameNode Name, ValueNode Value) : Node;
