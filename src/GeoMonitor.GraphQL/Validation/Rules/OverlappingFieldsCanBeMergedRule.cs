// Spec 5.3.2 Field Selection Merging: fields with the same response key in one selection (after flattening
// fragments) must be the same field with the same arguments, unless their parents can never be the same object,
// and must have compatible result shapes in every case ("SameResponseShape").
using GeoMonitor.GraphQL.Language;
using GeoMonitor.GraphQL.Types;
using GeoMonitor.GraphQL.Utilities;

namespace GeoMonitor.GraphQL.Validation.Rules;

internal sealed class OverlappingFieldsCanBeMergedRule : ValidationRule
{
    private readonly Dictionary<SelectionSetNode, FieldsAndFragments> _cache = new(ReferenceEqualityComparer.Instance);
    private readonly Dictionary<(string, string), bool> _comparedFragmentPairs = [];

    private sealed record FieldEntry(NamedType? ParentType, FieldNode Node, FieldDefinition? Definition);

    private sealed class FieldMap : Dictionary<string, List<FieldEntry>>
    {
        public FieldMap()
            : base(StringComparer.Ordinal)
        {
        }

        public List<string> Order { get; } = [];

        public Dictionary<string, List<FieldEntry>> Distinct { get; } = new(StringComparer.Ordinal);
    }

    private sealed record FieldsAndFragments(FieldMap Fields, List<string> FragmentNames);

    /// <summary>Why two fields conflict: a sentence, or the conflicts of their subfields.</summary>
    private sealed record Reason(string? Message, List<(string ResponseName, Reason Reason)>? Subreasons);

    private sealed record Conflict(string ResponseName, Reason Reason, List<FieldNode> Fields1, List<FieldNode> Fields2);

    public override void Enter(Node node)
    {
        if (node is not SelectionSetNode selectionSet) return;
        foreach (var conflict in FindConflictsWithinSelectionSet(Context.TypeInfo.ParentType, selectionSet))
        {
            Report(
                $"Fields \"{conflict.ResponseName}\" conflict because {Describe(conflict.Reason)}. Use different aliases on the fields to fetch both if this was intentional.",
                conflict.Fields1.Concat(conflict.Fields2));
        }
    }

    private static string Describe(Reason reason) => reason.Message
        ?? string.Join(" and ", reason.Subreasons!.Select(s => $"subfields \"{s.ResponseName}\" conflict because {Describe(s.Reason)}"));

    private List<Conflict> FindConflictsWithinSelectionSet(NamedType? parentType, SelectionSetNode selectionSet)
    {
        var conflicts = new List<Conflict>();
        var (fieldMap, fragmentNames) = GetFieldsAndFragmentNames(parentType, selectionSet);
        CollectConflictsWithin(conflicts, fieldMap);
        for (var i = 0; i < fragmentNames.Count; i++)
        {
            CollectConflictsBetweenFieldsAndFragment(conflicts, false, fieldMap, fragmentNames[i]);
            for (var j = i + 1; j < fragmentNames.Count; j++)
            {
                CollectConflictsBetweenFragments(conflicts, false, fragmentNames[i], fragmentNames[j]);
            }
        }
        return conflicts;
    }

    private void CollectConflictsBetweenFieldsAndFragment(List<Conflict> conflicts, bool mutuallyExclusive, FieldMap fieldMap, string fragmentName)
    {
        var fragment = Context.GetFragment(fragmentName);
        if (fragment is null) return;
        var (fieldMap2, referenced) = GetReferencedFieldsAndFragmentNames(fragment);
        if (ReferenceEquals(fieldMap, fieldMap2)) return;
        CollectConflictsBetween(conflicts, mutuallyExclusive, fieldMap, fieldMap2);
        foreach (var referencedName in referenced)
        {
            // Memoized so that fragments spreading each other repeatedly are compared once.
            if (HasPair(referencedName, fragmentName, mutuallyExclusive)) continue;
            AddPair(referencedName, fragmentName, mutuallyExclusive);
            CollectConflictsBetweenFieldsAndFragment(conflicts, mutuallyExclusive, fieldMap, referencedName);
        }
    }

    private void CollectConflictsBetweenFragments(List<Conflict> conflicts, bool mutuallyExclusive, string name1, string name2)
    {
        if (name1 == name2 || HasPair(name1, name2, mutuallyExclusive)) return;
        AddPair(name1, name2, mutuallyExclusive);
        var fragment1 = Context.GetFragment(name1);
        var fragment2 = Context.GetFragment(name2);
        if (fragment1 is null || fragment2 is null) return;
        var (fieldMap1, referenced1) = GetReferencedFieldsAndFragmentNames(fragment1);
        var (fieldMap2, referenced2) = GetReferencedFieldsAndFragmentNames(fragment2);
        CollectConflictsBetween(conflicts, mutuallyExclusive, fieldMap1, fieldMap2);
        foreach (var r2 in referenced2) CollectConflictsBetweenFragments(conflicts, mutuallyExclusive, name1, r2);
        foreach (var r1 in referenced1) CollectConflictsBetweenFragments(conflicts, mutuallyExclusive, r1, name2);
    }

    private List<Conflict> FindConflictsBetweenSubSelectionSets(
        bool mutuallyExclusive, NamedType? parentType1, SelectionSetNode selectionSet1, NamedType? parentType2, SelectionSetNode selectionSet2)
    {
        var conflicts = new List<Conflict>();
        var (fieldMap1, fragmentNames1) = GetFieldsAndFragmentNames(parentType1, selectionSet1);
        var (fieldMap2, fragmentNames2) = GetFieldsAndFragmentNames(parentType2, selectionSet2);
        CollectConflictsBetween(conflicts, mutuallyExclusive, fieldMap1, fieldMap2);
        foreach (var f2 in fragmentNames2) CollectConflictsBetweenFieldsAndFragment(conflicts, mutuallyExclusive, fieldMap1, f2);
        foreach (var f1 in fragmentNames1) CollectConflictsBetweenFieldsAndFragment(conflicts, mutuallyExclusive, fieldMap2, f1);
        foreach (var f1 in fragmentNames1)
        {
            foreach (var f2 in fragmentNames2) CollectConflictsBetweenFragments(conflicts, mutuallyExclusive, f1, f2);
        }
        return conflicts;
    }

    private void CollectConflictsWithin(List<Conflict> conflicts, FieldMap fieldMap)
    {
        foreach (var responseName in fieldMap.Order)
        {
            var fields = DistinctFields(fieldMap, responseName);
            for (var i = 0; i < fields.Count; i++)
            {
                for (var j = i + 1; j < fields.Count; j++)
                {
                    if (FindConflict(false, responseName, fields[i], fields[j]) is { } conflict) conflicts.Add(conflict);
                }
            }
        }
    }

    private void CollectConflictsBetween(List<Conflict> conflicts, bool mutuallyExclusive, FieldMap fieldMap1, FieldMap fieldMap2)
    {
        foreach (var responseName in fieldMap1.Order)
        {
            if (!fieldMap2.ContainsKey(responseName)) continue;
            var fields2 = DistinctFields(fieldMap2, responseName);
            foreach (var f1 in DistinctFields(fieldMap1, responseName))
            {
                foreach (var f2 in fields2)
                {
                    if (FindConflict(mutuallyExclusive, responseName, f1, f2) is { } conflict) conflicts.Add(conflict);
                }
            }
        }
    }

    private Conflict? FindConflict(bool parentsMutuallyExclusive, string responseName, FieldEntry field1, FieldEntry field2)
    {
        // Fields on two different object types can never apply to the same object, so only their shapes must agree.
        var mutuallyExclusive = parentsMutuallyExclusive ||
            (!ReferenceEquals(field1.ParentType, field2.ParentType) && field1.ParentType is ObjectType && field2.ParentType is ObjectType);
        var node1 = field1.Node;
        var node2 = field2.Node;
        if (!mutuallyExclusive)
        {
            if (node1.Name.Value != node2.Name.Value)
            {
                return new Conflict(responseName, new Reason($"\"{node1.Name.Value}\" and \"{node2.Name.Value}\" are different fields", null), [node1], [node2]);
            }
            if (!SameArguments(node1, node2))
            {
                return new Conflict(responseName, new Reason("they have differing arguments", null), [node1], [node2]);
            }
        }
        var type1 = field1.Definition?.Type;
        var type2 = field2.Definition?.Type;
        if (type1 is not null && type2 is not null && DoTypesConflict(type1, type2))
        {
            return new Conflict(responseName, new Reason($"they return conflicting types \"{type1}\" and \"{type2}\"", null), [node1], [node2]);
        }
        if (node1.SelectionSet is { } ss1 && node2.SelectionSet is { } ss2)
        {
            var sub = FindConflictsBetweenSubSelectionSets(mutuallyExclusive, type1?.GetNamedType(), ss1, type2?.GetNamedType(), ss2);
            if (sub.Count > 0)
            {
                return new Conflict(
                    responseName,
                    new Reason(null, sub.Select(c => (c.ResponseName, c.Reason)).ToList()),
                    [node1, .. sub.SelectMany(c => c.Fields1)],
                    [node2, .. sub.SelectMany(c => c.Fields2)]);
            }
        }
        return null;
    }

    /// <summary>
    /// Textually identical fields on the same parent type conflict with nothing the other would not, so only one of
    /// them is compared. Without this, a document repeating one field thousands of times costs quadratic time.
    /// </summary>
    private static List<FieldEntry> DistinctFields(FieldMap fieldMap, string responseName)
    {
        var fields = fieldMap[responseName];
        if (fields.Count < 2) return fields;
        if (fieldMap.Distinct.TryGetValue(responseName, out var distinct)) return distinct;
        var seen = new HashSet<(NamedType?, string)>();
        distinct = fields.Where(f => seen.Add((f.ParentType, Printer.Print(f.Node)))).ToList();
        fieldMap.Distinct[responseName] = distinct;
        return distinct;
    }

    private static bool SameArguments(FieldNode a, FieldNode b)
    {
        if (a.Arguments.Count != b.Arguments.Count) return false;
        foreach (var arg1 in a.Arguments)
        {
            var arg2 = b.Arguments.FirstOrDefault(x => x.Name.Value == arg1.Name.Value);
            if (arg2 is null || Stringify(arg1.Value) != Stringify(arg2.Value)) return false;
        }
        return true;
    }

    /// <summary>Prints a value with object fields sorted, so field order does not make two values differ.</summary>
    private static string Stringify(ValueNode value) => Printer.Print(Sort(value));

    private static ValueNode Sort(ValueNode value) => value switch
    {
        ObjectValueNode o => new ObjectValueNode(o.Fields.OrderBy(f => f.Name.Value, StringComparer.Ordinal)
            .Select(f => new ObjectFieldNode(f.Name, Sort(f.Value))).ToList()),
        ListValueNode l => new ListValueNode(l.Values.Select(Sort).ToList()),
        _ => value,
    };

    private static bool DoTypesConflict(GraphQLType type1, GraphQLType type2)
    {
        if (type1 is ListType list1) return type2 is not ListType list2 || DoTypesConflict(list1.OfType, list2.OfType);
        if (type2 is ListType) return true;
        if (type1 is NonNullType nonNull1) return type2 is not NonNullType nonNull2 || DoTypesConflict(nonNull1.OfType, nonNull2.OfType);
        if (type2 is NonNullType) return true;
        if (type1.IsLeafType() || type2.IsLeafType()) return !ReferenceEquals(type1, type2);
        return false;
    }

    private FieldsAndFragments GetReferencedFieldsAndFragmentNames(FragmentDefinitionNode fragment)
    {
        if (_cache.TryGetValue(fragment.SelectionSet, out var cached)) return cached;
        var type = TypeFromAst.Resolve(Context.Schema, fragment.TypeCondition) as NamedType;
        return GetFieldsAndFragmentNames(type, fragment.SelectionSet);
    }

    private FieldsAndFragments GetFieldsAndFragmentNames(NamedType? parentType, SelectionSetNode selectionSet)
    {
        if (_cache.TryGetValue(selectionSet, out var cached)) return cached;
        var fieldMap = new FieldMap();
        var fragmentNames = new List<string>();
        Collect(parentType, selectionSet, fieldMap, fragmentNames);
        var result = new FieldsAndFragments(fieldMap, fragmentNames);
        _cache[selectionSet] = result;
        return result;
    }

    private void Collect(NamedType? parentType, SelectionSetNode selectionSet, FieldMap fieldMap, List<string> fragmentNames)
    {
        foreach (var selection in selectionSet.Selections)
        {
            switch (selection)
            {
                case FieldNode field:
                    var definition = parentType is ComplexType complex ? complex.GetField(field.Name.Value) : null;
                    var key = field.ResponseKey;
                    if (!fieldMap.TryGetValue(key, out var list))
                    {
                        fieldMap[key] = list = [];
                        fieldMap.Order.Add(key);
                    }
                    list.Add(new FieldEntry(parentType, field, definition));
                    break;
                case FragmentSpreadNode spread:
                    if (!fragmentNames.Contains(spread.Name.Value)) fragmentNames.Add(spread.Name.Value);
                    break;
                case InlineFragmentNode inline:
                    var type = inline.TypeCondition is { } condition ? TypeFromAst.Resolve(Context.Schema, condition) as NamedType : parentType;
                    Collect(type, inline.SelectionSet, fieldMap, fragmentNames);
                    break;
            }
        }
    }

    private bool HasPair(string a, string b, bool mutuallyExclusive)
    {
        var key = string.CompareOrdinal(a, b) < 0 ? (a, b) : (b, a);
        if (!_comparedFragmentPairs.TryGetValue(key, out var stored)) return false;
        // A pair compared as not mutually exclusive covers the exclusive case too, but not the reverse.
        return mutuallyExclusive || !stored;
    }

    private void AddPair(string a, string b, bool mutuallyExclusive)
    {
        var key = string.CompareOrdinal(a, b) < 0 ? (a, b) : (b, a);
        _comparedFragmentPairs[key] = mutuallyExclusive;
    }
}
