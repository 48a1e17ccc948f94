using System.Text.Json;
using GeoMonitor.GraphQL.Language;
using GeoMonitor.GraphQL.Types;

namespace GeoMonitor.GraphQL.Execution;

/// <summary>What a resolver knows about the field it resolves (graphql-js's "info" plus source, args and context).</summary>
public sealed class ResolveContext
{
    private static readonly JsonSerializerOptions ArgumentJson = new() { PropertyNameCaseInsensitive = true };
    private readonly OperationExecutor _executor;
    private readonly FieldGroup? _group;

    internal ResolveContext(
        OperationExecutor executor,
        ObjectType parentType,
        FieldDefinition field,
        FieldGroup? group,
        object? source,
        PathRef path,
        IReadOnlyDictionary<string, object?> arguments)
    {
        _executor = executor;
        _group = group;
        ParentType = parentType;
        FieldDefinition = field;
        Source = source;
        _path = path;
        Arguments = arguments;
    }

    // Made when a resolver asks for it: most never do, and a page of N objects calls such resolvers N times.
    private PathRef _path;

    /// <summary>The parent value: the root value for root fields, otherwise the parent field's resolved value.</summary>
    public object? Source { get; }

    /// <summary>Coerced argument values, defaults applied; absent optional arguments have no entry.</summary>
    public IReadOnlyDictionary<string, object?> Arguments { get; }

    /// <summary>The field being resolved.</summary>
    public FieldDefinition FieldDefinition { get; }

    /// <summary>The field's name.</summary>
    public string FieldName => FieldDefinition.Name;

    /// <summary>The field's type.</summary>
    public GraphQLType ReturnType => FieldDefinition.Type;

    /// <summary>The object type the field belongs to.</summary>
    public ObjectType ParentType { get; }

    /// <summary>The response path of this field.</summary>
    public ResponsePath? Path
    {
        get
        {
            var path = _path.Make();
            _path = PathRef.Made(path);
            return path;
        }
    }

    /// <summary>All field nodes merged into this response key.</summary>
    public IReadOnlyList<FieldNode> FieldNodes => _group?.Nodes ?? [];

    /// <summary>The schema.</summary>
    public Schema Schema => _executor.Schema;

    /// <summary>The operation being executed.</summary>
    public OperationDefinitionNode Operation => _executor.Operation;

    /// <summary>The document's fragments by name.</summary>
    public IReadOnlyDictionary<string, FragmentDefinitionNode> Fragments => _executor.Fragments;

    /// <summary>Coerced variable values.</summary>
    public IReadOnlyDictionary<string, object?> Variables => _executor.Variables;

    /// <summary>The root value given to the execution.</summary>
    public object? RootValue => _executor.RootValue;

    /// <summary>The per-request context object the host supplied (for HTTP: the HttpContext, user, services).</summary>
    public object? UserContext => _executor.UserContext;

    /// <summary>Cancelled when the client goes away or the time budget runs out.</summary>
    public CancellationToken CancellationToken => _executor.CancellationToken;

    /// <summary>State shared by all resolvers of this request.</summary>
    public IDictionary<string, object?> Items => _executor.Items;

    /// <summary>The user context as a given type.</summary>
    public T GetUserContext<T>() => UserContext is T t ? t : throw new InvalidOperationException($"The user context is not a {typeof(T).Name}.");

    /// <summary>Whether an argument has a value (given, or defaulted).</summary>
    public bool HasArgument(string name) => Arguments.ContainsKey(name);

    /// <summary>An argument converted to T: numbers convert between CLR types, input objects bind to classes by property name.</summary>
    public T? GetArgument<T>(string name, T? defaultValue = default)
    {
        if (!Arguments.TryGetValue(name, out var value) || value is null) return defaultValue;
        if (value is T typed) return typed;
        var target = Nullable.GetUnderlyingType(typeof(T)) ?? typeof(T);
        if (target.IsEnum && value is string s) return (T)Enum.Parse(target, s.Replace("_", string.Empty, StringComparison.Ordinal), ignoreCase: true);
        if (value is IConvertible && typeof(IConvertible).IsAssignableFrom(target))
            return (T)Convert.ChangeType(value, target, System.Globalization.CultureInfo.InvariantCulture);
        return JsonSerializer.SerializeToElement(value).Deserialize<T>(ArgumentJson);
    }

    /// <summary>The request's loader with this name, created on first use with a batch function returning values by key.</summary>
    public DataLoader<TKey, TValue> Loader<TKey, TValue>(
        string name,
        Func<IReadOnlyList<TKey>, CancellationToken, Task<IReadOnlyDictionary<TKey, TValue>>> batch)
        where TKey : notnull => _executor.Loaders.GetOrAdd(name, batch);

    /// <summary>The request's loader with this name; the batch function returns one value per key, in key order.</summary>
    public DataLoader<TKey, TValue> Loader<TKey, TValue>(
        string name,
        Func<IReadOnlyList<TKey>, CancellationToken, Task<IReadOnlyList<TValue>>> batch)
        where TKey : notnull =>
        _executor.Loaders.GetOrAdd<TKey, TValue>(name, async (keys, ct) =>
        {
            var values = await batch(keys, ct);
            if (values.Count != keys.Count)
                throw new InvalidOperationException($"Data loader \"{name}\" returned {values.Count} values for {keys.Count} keys.");
            var map = new Dictionary<TKey, TValue>();
            for (var i = 0; i < keys.Count; i++) map[keys[i]] = values[i];
            return map;
        });
}
