using GeoMonitor.GraphQL.Language;
using GeoMonitor.GraphQL.Types;

namespace GeoMonitor.GraphQL.Validation;

/// <summary>A use of a variable and the input type (and default) expected where it is used.</summary>
internal sealed record VariableUsage(VariableNode Node, GraphQLType? Type, object? DefaultValue);

/// <summary>What rules can see: the schema, the document, the current types, and cached document-wide facts.</summary>
internal sealed class ValidationContext
{
    private readonly Action<GraphQLError> _onError;
    private readonly Dictionary<SelectionSetNode, List<FragmentSpreadNode>> _spreads = new(ReferenceEqualityComparer.Instance);
    private readonly Dictionary<OperationDefinitionNode, List<FragmentDefinitionNode>> _recursiveFragments = new(ReferenceEqualityComparer.Instance);
    private readonly Dictionary<Node, List<VariableUsage>> _variableUsages = new(ReferenceEqualityComparer.Instance);

    public ValidationContext(Schema schema, DocumentNode document, TypeInfo typeInfo, Action<GraphQLError> onError)
    {
        Schema = schema;
        Document = document;
        TypeInfo = typeInfo;
        _onError = onError;
        Fragments = new Dictionary<string, FragmentDefinitionNode>(StringComparer.Ordinal);
        foreach (var f in document.Definitions.OfType<FragmentDefinitionNode>()) Fragments.TryAdd(f.Name.Value, f);
    }

    public Schema Schema { get; }

    public DocumentNode Document { get; }

    public TypeInfo TypeInfo { get; }

    public Dictionary<string, FragmentDefinitionNode> Fragments { get; }

    public void ReportError(GraphQLError error) => _onError(error);

    public FragmentDefinitionNode? GetFragment(string name) => Fragments.GetValueOrDefault(name);

    /// <summary>Spreads directly in a selection set, looking through inline fragments and fields but not into fragments.</summary>
    public List<FragmentSpreadNode> GetFragmentSpreads(SelectionSetNode selectionSet)
    {
        if (_spreads.TryGetValue(selectionSet, out var cached)) return cached;
        var spreads = new List<FragmentSpreadNode>();
        var stack = new Stack<SelectionSetNode>();
        stack.Push(selectionSet);
        while (stack.Count > 0)
        {
            foreach (var selection in stack.Pop().Selections)
            {
                switch (selection)
                {
                    case FragmentSpreadNode spread: spreads.Add(spread); break;
                    case FieldNode { SelectionSet: { } ss }: stack.Push(ss); break;
                    case InlineFragmentNode inline: stack.Push(inline.SelectionSet); break;
                }
            }
        }
        _spreads[selectionSet] = spreads;
        return spreads;
    }

    /// <summary>Every fragment an operation uses, directly or through other fragments.</summary>
    public List<FragmentDefinitionNode> GetRecursivelyReferencedFragments(OperationDefinitionNode operation)
    {
        if (_recursiveFragments.TryGetValue(operation, out var cached)) return cached;
        var fragments = new List<FragmentDefinitionNode>();
        var collected = new HashSet<string>(StringComparer.Ordinal);
        var toVisit = new Stack<SelectionSetNode>();
        toVisit.Push(operation.SelectionSet);
        while (toVisit.Count > 0)
        {
            foreach (var spread in GetFragmentSpreads(toVisit.Pop()))
            {
                var name = spread.Name.Value;
                if (!collected.Add(name)) continue;
                if (GetFragment(name) is { } fragment)
                {
                    fragments.Add(fragment);
                    toVisit.Push(fragment.SelectionSet);
                }
            }
        }
        _recursiveFragments[operation] = fragments;
        return fragments;
    }

    /// <summary>Variables used in an operation or fragment, with the type expected at each use.</summary>
    public List<VariableUsage> GetVariableUsages(ExecutableDefinitionNode definition)
    {
        if (_variableUsages.TryGetValue(definition, out var cached)) return cached;
        var usages = new List<VariableUsage>();
        var typeInfo = new TypeInfo(Schema);
        DocumentWalker.Walk(
            definition,
            node =>
            {
                if (node is VariableDefinitionNode) return;
                typeInfo.Enter(node);
                if (node is VariableNode variable) usages.Add(new VariableUsage(variable, typeInfo.InputType, typeInfo.DefaultValue));
            },
            node =>
            {
                if (node is not VariableDefinitionNode) typeInfo.Leave(node);
            });
        _variableUsages[definition] = usages;
        return usages;
    }

    /// <summary>Variables used by an operation and every fragment it references.</summary>
    public List<VariableUsage> GetRecursiveVariableUsages(OperationDefinitionNode operation)
    {
        var usages = new List<VariableUsage>(GetVariableUsages(operation));
        foreach (var fragment in GetRecursivelyReferencedFragments(operation)) usages.AddRange(GetVariableUsages(fragment));
        return usages;
    }
}
