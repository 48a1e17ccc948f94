using GeoMonitor.GraphQL.Introspection;
using GeoMonitor.GraphQL.Language;
using GeoMonitor.GraphQL.Types;

namespace GeoMonitor.GraphQL.Execution;

/// <summary>All field nodes sharing one response key in a selection set, plus per-request caches for them.</summary>
internal sealed class FieldGroup
{
    private IReadOnlyDictionary<string, object?>? _arguments;
    private Dictionary<ObjectType, CollectedFields>? _subfields;

    public FieldGroup(string responseKey, FieldNode first, FieldDefinition? definition, bool isTypeName)
    {
        ResponseKey = responseKey;
        Nodes = [first];
        Definition = definition;
        IsTypeName = isTypeName;
        if (definition is { Resolver: null } && definition.Type.GetNullableType() is ScalarType or EnumType)
        {
            IsDefaultLeaf = true;
            IsNonNull = definition.Type is NonNullType;
            _serializeLeaf = definition.Type.GetNullableType() switch
            {
                ScalarType scalar => scalar.Serializer,
                EnumType enumType => enumType.Serialize,
                _ => null,
            };
        }
    }

    private readonly ScalarSerializer? _serializeLeaf;

    /// <summary>
    /// The fast path of the most common field, a scalar or enum read by the default resolver: no path, no context.
    /// False for anything unusual (null in a non-null position, a failing serializer, a delegate or task to run);
    /// the caller then completes the field the general way from <paramref name="read"/> — the value read, or the
    /// exception reading it threw — which reports the error with its path, without reading the member again.
    /// </summary>
    public bool TryResolveLeaf(object? source, out object? result, out DefaultRead read)
    {
        result = null;
        object? value;
        try
        {
            value = ResolveDefault(source, out var plain);
            read = new DefaultRead(value, null);
            if (value is null) return !IsNonNull;
            // A member declared as a value type or a string holds neither a delegate, a task nor a JSON null: the
            // runtime's type tests for those (Delegate and Task are not sealed) are skipped for it.
            if (!plain)
            {
                if (value is DBNull || value is System.Text.Json.JsonElement { ValueKind: System.Text.Json.JsonValueKind.Null or System.Text.Json.JsonValueKind.Undefined })
                    return !IsNonNull;
                if (value is Delegate || value is Task) return false;
            }
        }
        catch (Exception ex)
        {
            read = new DefaultRead(null, ex);
            return false;
        }
        try
        {
            result = _serializeLeaf!(value);
            return result is not null;
        }
        catch (Exception)
        {
            // Serialized again on the general path, which reports the error with its path and locations.
            result = null;
            return false;
        }
    }

    /// <summary>What the default resolver read: a value, or the exception the read threw.</summary>
    public readonly record struct DefaultRead(object? Value, Exception? Failure);

    /// <summary>A scalar or enum field without a resolver: the common case that has a fast path.</summary>
    public bool IsDefaultLeaf { get; }

    /// <summary>Whether the field's type is non-null.</summary>
    public bool IsNonNull { get; }

    public string ResponseKey { get; }

    public List<FieldNode> Nodes { get; }

    /// <summary>The field's definition on the object type it was collected for; null for __typename or unknown fields.</summary>
    public FieldDefinition? Definition { get; }

    public bool IsTypeName { get; }

    /// <summary>Arguments depend only on the document and the variables, so one coercion serves every list item.</summary>
    public IReadOnlyDictionary<string, object?> GetArguments(IReadOnlyDictionary<string, object?> variables)
    {
        return _arguments ??= ValueCoercion.CoerceArgumentValues(Definition!.Arguments, Nodes[0], Nodes[0].Arguments, variables);
    }

    public CollectedFields GetSubfields(ObjectType type, Func<ObjectType, FieldGroup, CollectedFields> collect)
    {
        // Every item of a list asks again, nearly always for the same type: answer that without taking the lock.
        if (Volatile.Read(ref _lastSubfields) is { } last && ReferenceEquals(last.Type, type)) return last.Fields;
        lock (this)
        {
            _subfields ??= [];
            if (!_subfields.TryGetValue(type, out var fields)) _subfields[type] = fields = collect(type, this);
            Volatile.Write(ref _lastSubfields, new SubfieldsOf(type, fields));
            return fields;
        }
    }

    /// <summary>
    /// The default resolver for this field on <paramref name="source"/>. The member accessor is looked up once per
    /// source type and kept here, because a list of N objects reads the same field N times.
    /// </summary>
    public object? ResolveDefault(object? source) => ResolveDefault(source, out _);

    /// <summary><see cref="ResolveDefault(object?)"/>; <paramref name="plain"/> when the member is declared as a value type or a string.</summary>
    public object? ResolveDefault(object? source, out bool plain)
    {
        plain = false;
        if (source is null) return null;
        var cached = Volatile.Read(ref _accessor);
        var type = source.GetType();
        if (cached is null || cached.Type != type)
        {
            var read = DefaultResolver.MemberAccessor(type, Definition!.Name);
            var memberType = read is null ? null : DefaultResolver.MemberType(type, Definition.Name);
            var underlying = memberType is null ? null : Nullable.GetUnderlyingType(memberType) ?? memberType;
            cached = new AccessorOf(type, read,
                underlying is not null && underlying != typeof(System.Text.Json.JsonElement) && (underlying.IsValueType || underlying == typeof(string)));
            Volatile.Write(ref _accessor, cached);
        }
        if (cached.Read is { } reader)
        {
            plain = cached.Plain;
            return reader(source);
        }
        return DefaultResolver.Resolve(source, Definition!.Name);
    }

    private sealed record SubfieldsOf(ObjectType Type, CollectedFields Fields);

    private sealed record AccessorOf(Type Type, Func<object, object?>? Read, bool Plain);

    private SubfieldsOf? _lastSubfields;
    private AccessorOf? _accessor;
}

/// <summary>The result of CollectFields: groups in response order, with their keys ready for result maps.</summary>
internal sealed class CollectedFields(string[] keys, FieldGroup[] groups)
{
    /// <summary>The response keys with their JSON text, escaped once for every object written from this selection.</summary>
    public ResponseKeys Keys { get; } = new(keys);

    public FieldGroup[] Groups { get; } = groups;

    private int _direct;

    /// <summary>
    /// Whether an object of this selection can be written straight from its source (see
    /// <see cref="OperationExecutor"/>'s direct writing of streamed items): every field is <c>__typename</c>, a leaf
    /// read by the default resolver, or an object or list of objects of a concrete type read by the default resolver.
    /// </summary>
    public bool DirectlyWritable
    {
        get
        {
            if (_direct == 0) _direct = Groups.All(IsDirect) ? 1 : -1;
            return _direct > 0;
        }
    }

    private static bool IsDirect(FieldGroup g) =>
        g.IsTypeName || g.IsDefaultLeaf || g.Definition is { Resolver: null, Subscriber: null } d && d.Type.GetNamedType() is ObjectType;
}

/// <summary>Spec 6.3.2 CollectFields: flattens fragments, applies @skip/@include and type conditions, merges by response key.</summary>
internal sealed class FieldCollector(Schema schema, IReadOnlyDictionary<string, FragmentDefinitionNode> fragments, IReadOnlyDictionary<string, object?> variables)
{
    public CollectedFields Collect(ObjectType type, SelectionSetNode selectionSet)
    {
        var builder = new Builder(type);
        Collect(builder, selectionSet, []);
        return builder.Build();
    }

    private Func<ObjectType, FieldGroup, CollectedFields>? _collectUncached;

    // The delegate is made once: a method group would make a new one for every object of a large list.
    public CollectedFields CollectSubfields(ObjectType type, FieldGroup group) =>
        group.GetSubfields(type, _collectUncached ??= CollectSubfieldsUncached);

    private CollectedFields CollectSubfieldsUncached(ObjectType type, FieldGroup group)
    {
        var builder = new Builder(type);
        var visited = new HashSet<string>(StringComparer.Ordinal);
        foreach (var node in group.Nodes)
        {
            if (node.SelectionSet is not null) Collect(builder, node.SelectionSet, visited);
        }
        return builder.Build();
    }

    public static FieldDefinition? GetFieldDefinition(Schema schema, ComplexType type, string name)
    {
        if (name.StartsWith("__", StringComparison.Ordinal) && ReferenceEquals(type, schema.Query))
        {
            if (name == "__schema") return IntrospectionTypes.SchemaField;
            if (name == "__type") return IntrospectionTypes.TypeField;
        }
        return type.GetField(name);
    }

    private void Collect(Builder builder, SelectionSetNode selectionSet, HashSet<string> visited)
    {
        foreach (var selection in selectionSet.Selections)
        {
            if (!ShouldInclude(selection)) continue;
            switch (selection)
            {
                case FieldNode field:
                    builder.Add(field, schema);
                    break;
                case InlineFragmentNode inline:
                    if (inline.TypeCondition is not null && !Applies(inline.TypeCondition, builder.Type)) continue;
                    Collect(builder, inline.SelectionSet, visited);
                    break;
                case FragmentSpreadNode spread:
                    var name = spread.Name.Value;
                    if (!visited.Add(name)) continue;
                    if (!fragments.TryGetValue(name, out var fragment) || !Applies(fragment.TypeCondition, builder.Type)) continue;
                    Collect(builder, fragment.SelectionSet, visited);
                    break;
            }
        }
    }

    private bool Applies(NamedTypeNode condition, ObjectType type)
    {
        var conditionType = schema.GetType(condition.Name.Value);
        if (ReferenceEquals(conditionType, type)) return true;
        return conditionType is not null && conditionType.IsAbstractType() && schema.IsSubType(conditionType, type);
    }

    private bool ShouldInclude(SelectionNode node)
    {
        if (node.Directives.Count == 0) return true;
        foreach (var directive in node.Directives)
        {
            var name = directive.Name.Value;
            if (name != "skip" && name != "include") continue;
            var definition = name == "skip" ? SpecifiedDirectives.Skip : SpecifiedDirectives.Include;
            var args = ValueCoercion.CoerceArgumentValues(definition.Arguments, directive, directive.Arguments, variables);
            var condition = args.TryGetValue("if", out var v) && v is true;
            if (name == "skip" && condition) return false;
            if (name == "include" && !condition) return false;
        }
        return true;
    }

    private sealed class Builder(ObjectType type)
    {
        private readonly Dictionary<string, FieldGroup> _byKey = new(StringComparer.Ordinal);
        private readonly List<FieldGroup> _order = [];

        public ObjectType Type { get; } = type;

        public void Add(FieldNode field, Schema schema)
        {
            var key = field.ResponseKey;
            if (_byKey.TryGetValue(key, out var group))
            {
                group.Nodes.Add(field);
                return;
            }
            var name = field.Name.Value;
            var isTypeName = name == "__typename";
            group = new FieldGroup(key, field, isTypeName ? null : GetFieldDefinition(schema, Type, name), isTypeName);
            _byKey[key] = group;
            _order.Add(group);
        }

        public CollectedFields Build() => new([.. _order.Select(g => g.ResponseKey)], [.. _order]);
    }
}

/// <summary>Response keys and their escaped JSON text.</summary>
internal sealed class ResponseKeys(string[] names)
{
    public string[] Names { get; } = names;

    public System.Text.Json.JsonEncodedText[] Encoded { get; } =
        [.. names.Select(n => System.Text.Json.JsonEncodedText.Encode(n, ResultJsonWriter.Encoder))];
}
