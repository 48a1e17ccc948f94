using GeoMonitor.GraphQL.Introspection;
using GeoMonitor.GraphQL.Language;

namespace GeoMonitor.GraphQL.Types;

/// <summary>
/// A complete, validated schema (spec 3.3 Schema): root types, every reachable named type and the directives.
/// Build one from SDL with <see cref="Utilities.SchemaBuilder"/>. Immutable once built and safe to share between requests.
/// </summary>
public sealed class Schema
{
    private readonly Dictionary<string, NamedType> _types = new(StringComparer.Ordinal);
    private readonly Dictionary<string, DirectiveDefinition> _directives = new(StringComparer.Ordinal);
    private readonly Dictionary<NamedType, List<ObjectType>> _possibleTypes = [];
    private readonly Dictionary<InterfaceType, List<InterfaceType>> _interfaceImplementations = [];
    private readonly Dictionary<Type, ObjectType> _clrTypes = [];

    /// <summary>Creates a schema from root types; every type reachable from them, and the extra types, is included.</summary>
    /// <exception cref="SchemaException">The schema violates the type system rules.</exception>
    public Schema(
        ObjectType? query,
        ObjectType? mutation = null,
        ObjectType? subscription = null,
        IEnumerable<NamedType>? types = null,
        IEnumerable<DirectiveDefinition>? directives = null,
        string? description = null,
        bool assumeValid = false)
    {
        Query = query;
        Mutation = mutation;
        Subscription = subscription;
        Description = description;
        var errors = new List<string>();
        var seen = new HashSet<NamedType>();
        var pending = new Stack<NamedType>();
        void Visit(NamedType? t)
        {
            if (t is null || !seen.Add(t)) return;
            if (_types.TryGetValue(t.Name, out var existing) && !ReferenceEquals(existing, t))
            {
                errors.Add($"Schema must contain uniquely named types but contains multiple types named \"{t.Name}\".");
                return;
            }
            _types[t.Name] = t;
            pending.Push(t);
        }
        foreach (var t in (IEnumerable<NamedType?>)[query, mutation, subscription]) Visit(t);
        foreach (var t in types ?? []) Visit(t);
        foreach (var t in IntrospectionTypes.All) Visit(t);
        foreach (var d in directives ?? SpecifiedDirectives.All)
        {
            if (!_directives.TryAdd(d.Name, d)) errors.Add($"Directive \"@{d.Name}\" is defined more than once.");
            foreach (var a in d.Arguments) Visit(a.Type.GetNamedType());
        }
        while (pending.Count > 0)
        {
            switch (pending.Pop())
            {
                case ComplexType c:
                    foreach (var i in c.Interfaces) Visit(i);
                    foreach (var f in c.Fields.Values)
                    {
                        Visit(f.Type.GetNamedType());
                        foreach (var a in f.Arguments) Visit(a.Type.GetNamedType());
                    }
                    break;
                case UnionType u:
                    foreach (var m in u.Types) Visit(m);
                    break;
                case InputObjectType io:
                    foreach (var f in io.Fields.Values) Visit(f.Type.GetNamedType());
                    break;
            }
        }
        Directives = _directives.Values.ToList();
        foreach (var t in _types.Values)
        {
            switch (t)
            {
                case ObjectType o:
                    foreach (var i in o.Interfaces) Possible(i).Add(o);
                    foreach (var clr in o.ClrTypes) _clrTypes.TryAdd(clr, o);
                    break;
                case InterfaceType it:
                    foreach (var i in it.Interfaces)
                    {
                        if (!_interfaceImplementations.TryGetValue(i, out var list)) _interfaceImplementations[i] = list = [];
                        list.Add(it);
                    }
                    break;
                case UnionType u:
                    Possible(u).AddRange(u.Types);
                    break;
            }
        }
        if (!assumeValid) errors.AddRange(SchemaValidator.Validate(this));
        if (errors.Count > 0) throw new SchemaException(errors);
    }

    /// <summary>The query root type.</summary>
    public ObjectType? Query { get; }

    /// <summary>The mutation root type, if any.</summary>
    public ObjectType? Mutation { get; }

    /// <summary>The subscription root type, if any.</summary>
    public ObjectType? Subscription { get; }

    /// <summary>The schema description.</summary>
    public string? Description { get; }

    /// <summary>Every named type, including introspection types and used built-in scalars.</summary>
    public IReadOnlyDictionary<string, NamedType> Types => _types;

    /// <summary>All directive definitions.</summary>
    public IReadOnlyList<DirectiveDefinition> Directives { get; }

    /// <summary>The SDL schema definition, if any.</summary>
    public SchemaDefinitionNode? AstNode { get; internal set; }

    /// <summary>Looks up a named type.</summary>
    public NamedType? GetType(string name) => _types.TryGetValue(name, out var t) ? t : null;

    /// <summary>Looks up a directive.</summary>
    public DirectiveDefinition? GetDirective(string name) => _directives.TryGetValue(name, out var d) ? d : null;

    /// <summary>The root type for an operation kind.</summary>
    public ObjectType? GetRootType(OperationType operation) => operation switch
    {
        OperationType.Query => Query,
        OperationType.Mutation => Mutation,
        _ => Subscription,
    };

    /// <summary>The object types a value of an abstract type can have (spec "GetPossibleTypes").</summary>
    public IReadOnlyList<ObjectType> GetPossibleTypes(NamedType abstractType) =>
        _possibleTypes.TryGetValue(abstractType, out var list) ? list : [];

    /// <summary>Interfaces that implement the given interface.</summary>
    public IReadOnlyList<InterfaceType> GetInterfaceImplementations(InterfaceType type) =>
        _interfaceImplementations.TryGetValue(type, out var list) ? list : [];

    /// <summary>Whether maybeSubType is a member of a union or implements an interface.</summary>
    public bool IsSubType(NamedType abstractType, NamedType maybeSubType) => abstractType switch
    {
        UnionType u => maybeSubType is ObjectType o && u.Types.Contains(o),
        InterfaceType i => maybeSubType switch
        {
            ObjectType o => GetPossibleTypes(i).Contains(o),
            InterfaceType it => GetInterfaceImplementations(i).Contains(it),
            _ => false,
        },
        _ => false,
    };

    /// <summary>The object type registered for a CLR type or one of its base types.</summary>
    internal ObjectType? GetObjectTypeForClr(Type type)
    {
        for (var t = type; t is not null; t = t.BaseType)
        {
            if (_clrTypes.TryGetValue(t, out var o)) return o;
        }
        return null;
    }

    private List<ObjectType> Possible(NamedType t)
    {
        if (!_possibleTypes.TryGetValue(t, out var list)) _possibleTypes[t] = list = [];
        return list;
    }
}
