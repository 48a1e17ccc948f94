using GeoMonitor.GraphQL.Language;
using GeoMonitor.GraphQL.Types;

namespace GeoMonitor.GraphQL.Limits;

/// <summary>Depth and estimated cost of an operation, measured on the document before execution.</summary>
/// <param name="Depth">The deepest field nesting; root fields are at depth 1.</param>
/// <param name="Cost">Fields counted once each, list fields multiplying the cost of their selections by the page size.</param>
/// <param name="IntrospectionDepth">The deepest nesting of the introspection lists fields, inputFields, interfaces and possibleTypes.</param>
public sealed record OperationComplexity(int Depth, long Cost, int IntrospectionDepth = 0)
{
    /// <summary>
    /// Measures an operation of a validated document. Fragments are costed once per spread, and selections under
    /// different type conditions are added up, so the cost is an upper bound. Introspection lists count as size 1,
    /// since their length is bounded by the schema rather than by the request.
    /// </summary>
    public static OperationComplexity Measure(
        Schema schema,
        OperationDefinitionNode operation,
        IReadOnlyDictionary<string, FragmentDefinitionNode> fragments,
        IReadOnlyDictionary<string, object?>? variables,
        GraphQLLimits limits)
    {
        var measurer = new Measurer(schema, fragments, variables, limits);
        var (depth, cost, introspectionDepth) = measurer.Measure(schema.GetRootType(operation.Operation), operation.SelectionSet, [], null);
        return new OperationComplexity(depth, cost, introspectionDepth);
    }

    private sealed class Measurer(
        Schema schema,
        IReadOnlyDictionary<string, FragmentDefinitionNode> fragments,
        IReadOnlyDictionary<string, object?>? variables,
        GraphQLLimits limits)
    {
        private readonly Dictionary<string, (int Depth, long Cost, int IntrospectionDepth)> _fragmentCache = new(StringComparer.Ordinal);

        // pageSize: the page-size argument of the enclosing non-list field (a Relay connection's `first`), which
        // sizes the list fields directly below it (its `edges`), since the connection object itself is not a list.
        public (int Depth, long Cost, int IntrospectionDepth) Measure(NamedType? parentType, SelectionSetNode selectionSet, HashSet<string> path, long? pageSize)
        {
            var depth = 0;
            long cost = 0;
            var introspectionDepth = 0;
            foreach (var selection in selectionSet.Selections)
            {
                switch (selection)
                {
                    case FieldNode field:
                        var definition = parentType is ComplexType complex
                            ? Execution.FieldCollector.GetFieldDefinition(schema, complex, field.Name.Value)
                            : null;
                        var childDepth = 0;
                        long childCost = 0;
                        var childIntrospection = 0;
                        var isList = definition is not null && IsList(definition.Type) && !IsIntrospection(parentType, definition);
                        var requested = RequestedSize(field);
                        if (field.SelectionSet is not null && definition is not null)
                        {
                            (childDepth, childCost, childIntrospection) = Measure(definition.Type.GetNamedType(), field.SelectionSet, path, isList ? null : requested);
                        }
                        // Each level of these lists multiplies the work by the schema's size, whatever the request asks.
                        if (parentType?.Name == "__Type" && field.Name.Value is "fields" or "inputFields" or "interfaces" or "possibleTypes") childIntrospection++;
                        introspectionDepth = Math.Max(introspectionDepth, childIntrospection);
                        var multiplier = isList ? requested ?? pageSize ?? limits.DefaultListSize : 1;
                        cost = Saturate(cost + 1 + Multiply(multiplier, childCost));
                        depth = Math.Max(depth, childDepth + 1);
                        break;
                    case InlineFragmentNode inline:
                        var type = inline.TypeCondition is { } condition ? schema.GetType(condition.Name.Value) : parentType;
                        var (inlineDepth, inlineCost, inlineIntrospection) = Measure(type, inline.SelectionSet, path, pageSize);
                        cost = Saturate(cost + inlineCost);
                        depth = Math.Max(depth, inlineDepth);
                        introspectionDepth = Math.Max(introspectionDepth, inlineIntrospection);
                        break;
                    case FragmentSpreadNode spread:
                        var name = spread.Name.Value;
                        if (!fragments.TryGetValue(name, out var fragment) || path.Contains(name)) break;
                        var cacheKey = pageSize is { } ps ? $"{name}@{ps}" : name;
                        if (!_fragmentCache.TryGetValue(cacheKey, out var measured))
                        {
                            path.Add(name);
                            measured = Measure(schema.GetType(fragment.TypeCondition.Name.Value), fragment.SelectionSet, path, pageSize);
                            path.Remove(name);
                            _fragmentCache[cacheKey] = measured;
                        }
                        cost = Saturate(cost + measured.Cost);
                        depth = Math.Max(depth, measured.Depth);
                        introspectionDepth = Math.Max(introspectionDepth, measured.IntrospectionDepth);
                        break;
                }
            }
            return (depth, cost, introspectionDepth);
        }

        private long? RequestedSize(FieldNode field)
        {
            foreach (var argument in field.Arguments)
            {
                if (!limits.ListSizeArguments.Contains(argument.Name.Value)) continue;
                object? value = argument.Value switch
                {
                    IntValueNode i => long.TryParse(i.Value, out var n) ? n : null,
                    VariableNode v when variables is not null && variables.TryGetValue(v.Name.Value, out var raw) => Execution.JsonInput.ToClr(raw),
                    _ => null,
                };
                if (value is not null && BuiltInScalars.IsIntegral(value, out var size)) return Math.Max(0, size);
            }
            return null;
        }

        private static bool IsList(GraphQLType type) => type.GetNullableType() is ListType;

        private static bool IsIntrospection(NamedType? parentType, FieldDefinition definition) =>
            (parentType?.Name.StartsWith("__", StringComparison.Ordinal) ?? false) || definition.Name.StartsWith("__", StringComparison.Ordinal);

        private static long Multiply(long a, long b) => (double)a * b > long.MaxValue / 4 ? long.MaxValue / 4 : a * b;

        private static long Saturate(long value) => value < 0 || value > long.MaxValue / 4 ? long.MaxValue / 4 : value;
    }
}
