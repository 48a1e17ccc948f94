using System.Collections;
using System.Collections.Concurrent;
using System.Text.Json;
using GeoMonitor.GraphQL.Language;
using GeoMonitor.GraphQL.Types;

namespace GeoMonitor.GraphQL.Execution;

/// <summary>
/// Executes one operation (spec 6 Execution). Field values are produced as ValueTasks so that synchronous resolvers
/// complete without allocating async state; sibling fields start before any is awaited, so asynchronous ones overlap.
/// </summary>
internal sealed class OperationExecutor
{
    private readonly List<GraphQLError> _errors = [];
    private readonly FieldCollector _collector;
    private readonly bool _isSubscriptionEvent;
    private ConcurrentDictionary<string, object?>? _items;

    public OperationExecutor(
        Schema schema,
        OperationDefinitionNode operation,
        IReadOnlyDictionary<string, FragmentDefinitionNode> fragments,
        IReadOnlyDictionary<string, object?> variables,
        object? rootValue,
        object? userContext,
        DataLoaderRegistry loaders,
        CancellationToken cancellationToken,
        bool isSubscriptionEvent = false)
    {
        Schema = schema;
        Operation = operation;
        Fragments = fragments;
        Variables = variables;
        RootValue = rootValue;
        UserContext = userContext;
        Loaders = loaders;
        CancellationToken = cancellationToken;
        _isSubscriptionEvent = isSubscriptionEvent;
        _collector = new FieldCollector(schema, fragments, variables);
    }

    public Schema Schema { get; }

    public OperationDefinitionNode Operation { get; }

    public IReadOnlyDictionary<string, FragmentDefinitionNode> Fragments { get; }

    public IReadOnlyDictionary<string, object?> Variables { get; }

    public object? RootValue { get; }

    public object? UserContext { get; }

    public DataLoaderRegistry Loaders { get; }

    public CancellationToken CancellationToken { get; }

    /// <summary>
    /// Per-request state for resolvers. Read by many resolvers of a large list, possibly from several threads, so it
    /// is a concurrent map created once, and reading it takes no lock.
    /// </summary>
    public IDictionary<string, object?> Items
    {
        get
        {
            if (Volatile.Read(ref _items) is { } items) return items;
            Interlocked.CompareExchange(ref _items, new ConcurrentDictionary<string, object?>(StringComparer.Ordinal), null);
            return _items;
        }
    }

    public FieldCollector Collector => _collector;

    /// <summary>Spec 6.2 ExecuteQuery / ExecuteMutation: returns the result with "data" (null if a root non-null field failed).</summary>
    public async Task<ExecutionResult> ExecuteAsync()
    {
        var rootType = Schema.GetRootType(Operation.Operation);
        if (rootType is null)
        {
            return ExecutionResult.RequestError(GraphQLError.At(
                $"Schema is not configured to execute {Printer.OperationName(Operation.Operation)} operation.", Operation));
        }
        var fields = _collector.Collect(rootType, Operation.SelectionSet);
        ResultMap? data;
        try
        {
            data = Operation.Operation == OperationType.Mutation
                ? await ExecuteFieldsSerially(rootType, RootValue, fields)
                : await ExecuteFields(rootType, RootValue, null, fields);
        }
        catch (NullPropagation)
        {
            data = null;
        }
        return new ExecutionResult(data, Errors(), hasData: true);
    }

    public List<GraphQLError> Errors()
    {
        lock (_errors) return [.. _errors];
    }

    private void AddError(GraphQLError error)
    {
        lock (_errors) _errors.Add(error);
    }

    private async Task<ResultMap> ExecuteFieldsSerially(ObjectType type, object? source, CollectedFields fields)
    {
        var values = new object?[fields.Groups.Length];
        for (var i = 0; i < values.Length; i++)
        {
            var group = fields.Groups[i];
            values[i] = await ExecuteField(type, source, group, new ResponsePath(null, group.ResponseKey));
        }
        return new ResultMap(fields.Keys, values);
    }

    private ValueTask<ResultMap> ExecuteFields(ObjectType type, object? source, ResponsePath? path, CollectedFields fields)
    {
        var groups = fields.Groups;
        var values = new object?[groups.Length];
        List<Task>? pending = null;
        Exception? failure = null;
        for (var i = 0; i < groups.Length; i++)
        {
            var group = groups[i];
            var result = group.IsDefaultLeaf && !(_isSubscriptionEvent && path is null) && TryResolveLeaf(source, group, out var leaf)
                ? new ValueTask<object?>(leaf)
                : ExecuteField(type, source, group, new ResponsePath(path, group.ResponseKey));
            if (result.IsCompletedSuccessfully)
            {
                values[i] = result.Result;
            }
            else if (result.IsCompleted)
            {
                failure ??= Capture(result);
            }
            else
            {
                (pending ??= []).Add(StoreAsync(values, i, result));
            }
        }
        if (pending is null)
        {
            return failure is null
                ? new ValueTask<ResultMap>(new ResultMap(fields.Keys, values))
                : ValueTask.FromException<ResultMap>(failure);
        }
        return AwaitFields(pending, fields.Keys, values, failure);
    }

    private static async ValueTask<ResultMap> AwaitFields(List<Task> pending, ResponseKeys keys, object?[] values, Exception? failure)
    {
        try
        {
            await Task.WhenAll(pending);
        }
        catch (Exception) when (failure is not null)
        {
        }
        if (failure is not null) throw failure;
        return new ResultMap(keys, values);
    }

    private static async Task StoreAsync(object?[] values, int index, ValueTask<object?> result) => values[index] = await result;

    private static Exception Capture(ValueTask<object?> completed)
    {
        try
        {
            completed.GetAwaiter().GetResult();
            return new InvalidOperationException("Expected a failed task.");
        }
        catch (Exception ex)
        {
            return ex;
        }
    }

    /// <summary>
    /// Fast path for the most common field: a scalar or enum read by the default resolver. It allocates no path or
    /// context; anything unusual (null in a non-null position, a failing serializer, a delegate) falls back to
    /// <see cref="ExecuteField"/>, which produces the error with its path.
    /// </summary>
    private static bool TryResolveLeaf(object? source, FieldGroup group, out object? result)
    {
        result = null;
        object? value;
        try
        {
            value = group.ResolveDefault(source);
            if (value is null || value is DBNull || value is JsonElement { ValueKind: JsonValueKind.Null or JsonValueKind.Undefined })
            {
                return !group.IsNonNull;
            }
            if (value is Delegate || value is Task) return false;
            result = group.Definition!.Type.GetNamedType() switch
            {
                ScalarType scalar => scalar.Serialize(value),
                EnumType enumType => enumType.Serialize(value),
                _ => null,
            };
            return result is not null;
        }
        catch (Exception)
        {
            // Resolved again on the slow path, which reports the error with its path and locations.
            result = null;
            return false;
        }
    }

    /// <summary>Spec 6.4 ExecuteField, with error handling (6.4.4) folded in.</summary>
    private ValueTask<object?> ExecuteField(ObjectType parentType, object? source, FieldGroup group, ResponsePath path)
    {
        if (group.IsTypeName) return new ValueTask<object?>(parentType.Name);
        var definition = group.Definition;
        if (definition is null) return new ValueTask<object?>((object?)null);
        var returnType = definition.Type;
        try
        {
            object? value;
            if (_isSubscriptionEvent && path.Parent is null && (definition.Resolver is null || definition.Subscriber is null))
            {
                // Spec 6.2.3 ExecuteSubscriptionEvent: the event itself is the root field's value unless a resolver maps it.
                value = source;
            }
            else if (definition.Resolver is null)
            {
                value = group.ResolveDefault(source);
                if (value is Delegate)
                {
                    value = InvokeDelegate(value, NewContext(parentType, definition, group, source, path));
                }
            }
            else
            {
                CancellationToken.ThrowIfCancellationRequested();
                var context = NewContext(parentType, definition, group, source, path);
                var resolved = definition.Resolver(context);
                if (!resolved.IsCompletedSuccessfully) return ExecuteFieldSlow(resolved, parentType, group, path);
                value = resolved.Result;
            }
            var completed = CompleteValue(returnType, parentType, group, path, value);
            if (completed.IsCompletedSuccessfully) return completed;
            return AwaitCompletion(completed, returnType, group, path);
        }
        catch (Exception ex)
        {
            return HandleFieldError(ex, returnType, group, path);
        }
    }

    internal ResolveContext NewContext(ObjectType parentType, FieldDefinition definition, FieldGroup group, object? source, ResponsePath path) =>
        new(this, parentType, definition, group, source, path, group.GetArguments(Variables));

    private static object? InvokeDelegate(object value, ResolveContext context) => value switch
    {
        Func<ResolveContext, object?> f => f(context),
        Func<object?> f => f(),
        _ => value,
    };

    private async ValueTask<object?> ExecuteFieldSlow(ValueTask<object?> resolved, ObjectType parentType, FieldGroup group, ResponsePath path)
    {
        var returnType = group.Definition!.Type;
        try
        {
            var value = await resolved;
            return await CompleteValue(returnType, parentType, group, path, value);
        }
        catch (Exception ex)
        {
            return await HandleFieldError(ex, returnType, group, path);
        }
    }

    private async ValueTask<object?> AwaitCompletion(ValueTask<object?> completion, GraphQLType returnType, FieldGroup group, ResponsePath path)
    {
        try
        {
            return await completion;
        }
        catch (Exception ex)
        {
            return await HandleFieldError(ex, returnType, group, path);
        }
    }

    /// <summary>Records the error where it happened and resolves to null, or propagates the null if the position is non-null.</summary>
    private ValueTask<object?> HandleFieldError(Exception ex, GraphQLType returnType, FieldGroup group, ResponsePath path)
    {
        if (ex is OperationCanceledException && CancellationToken.IsCancellationRequested) return ValueTask.FromException<object?>(ex);
        if (ex is not NullPropagation) AddError(ToError(ex, group, path));
        return returnType is NonNullType
            ? ValueTask.FromException<object?>(ex as NullPropagation ?? new NullPropagation())
            : new ValueTask<object?>((object?)null);
    }

    private static GraphQLError ToError(Exception ex, FieldGroup group, ResponsePath path)
    {
        var locations = group.Nodes.Where(n => n.Location is not null).Select(n => n.Location!.StartLocation).ToList();
        if (ex is AggregateException { InnerExceptions.Count: 1 } agg) ex = agg.InnerExceptions[0];
        if (ex is GraphQLException gql) return new GraphQLError(gql.Message, gql.Locations ?? locations, path.ToList(), gql.Extensions);
        return new GraphQLError(ex.Message, locations, path.ToList());
    }

    /// <summary>Spec 6.4.3 CompleteValue.</summary>
    private ValueTask<object?> CompleteValue(GraphQLType returnType, ObjectType parentType, FieldGroup group, ResponsePath path, object? result)
    {
        if (result is Task task) return CompleteTaskValue(task, returnType, parentType, group, path);
        if (returnType is NonNullType nonNull)
        {
            var inner = CompleteValue(nonNull.OfType, parentType, group, path, result);
            if (!inner.IsCompletedSuccessfully) return AwaitNonNull(inner, parentType, group);
            return inner.Result is null ? throw NullForNonNull(parentType, group) : inner;
        }
        if (result is null || result is DBNull || result is JsonElement { ValueKind: JsonValueKind.Null or JsonValueKind.Undefined })
        {
            return new ValueTask<object?>((object?)null);
        }
        switch (returnType)
        {
            case ListType list:
                return CompleteList(list, parentType, group, path, result);
            case ScalarType scalar:
                var serialized = scalar.Serialize(result);
                return serialized is null
                    ? throw new GraphQLException($"Expected `{scalar.Name}.serialize({Inspect.Value(result)})` to return non-nullish value, returned: null")
                    : new ValueTask<object?>(serialized);
            case EnumType enumType:
                return new ValueTask<object?>(enumType.Serialize(result));
            case ObjectType objectType:
                return CompleteObject(objectType, group, path, result);
            case IAbstractType abstractType:
                var runtimeType = ResolveRuntimeType(abstractType, parentType, group, path, result);
                return CompleteObject(runtimeType, group, path, result);
            default:
                throw new InvalidOperationException($"Cannot complete value of unexpected output type: {returnType}.");
        }
    }

    private async ValueTask<object?> CompleteTaskValue(Task task, GraphQLType returnType, ObjectType parentType, FieldGroup group, ResponsePath path)
    {
        var value = await TaskResults.AwaitAsync(task);
        return await CompleteValue(returnType, parentType, group, path, value);
    }

    private static async ValueTask<object?> AwaitNonNull(ValueTask<object?> inner, ObjectType parentType, FieldGroup group)
    {
        var value = await inner;
        return value ?? throw NullForNonNull(parentType, group);
    }

    private static GraphQLException NullForNonNull(ObjectType parentType, FieldGroup group) =>
        new($"Cannot return null for non-nullable field {parentType.Name}.{group.Nodes[0].Name.Value}.");

    private ValueTask<object?> CompleteObject(ObjectType type, FieldGroup group, ResponsePath path, object result)
    {
        if (type.IsTypeOf is { } isTypeOf && !isTypeOf(result))
            throw new GraphQLException($"Expected value of type \"{type.Name}\" but got: {Inspect.Value(result)}.");
        var subfields = _collector.CollectSubfields(type, group);
        var map = ExecuteFields(type, result, path, subfields);
        return map.IsCompletedSuccessfully ? new ValueTask<object?>(map.Result) : AwaitMap(map);
    }

    private static async ValueTask<object?> AwaitMap(ValueTask<ResultMap> map) => await map;

    private ValueTask<object?> CompleteList(ListType listType, ObjectType parentType, FieldGroup group, ResponsePath path, object result)
    {
        IEnumerable items = result switch
        {
            JsonElement { ValueKind: JsonValueKind.Array } json => json.EnumerateArray().Select(e => (object)e),
            string or IDictionary or JsonElement => throw NotIterable(parentType, group),
            IEnumerable enumerable when result is not IEnumerable<KeyValuePair<string, object?>> => enumerable,
            _ => throw NotIterable(parentType, group),
        };
        var itemType = listType.OfType;
        // Lists of known size (the usual case) fill their result array directly.
        var values = new List<object?>(items is ICollection collection ? collection.Count : 4);
        List<Task>? pending = null;
        Exception? failure = null;
        var index = 0;
        foreach (var item in items)
        {
            var itemPath = new ResponsePath(path, index);
            ValueTask<object?> completed;
            try
            {
                completed = CompleteValue(itemType, parentType, group, itemPath, item);
                if (!completed.IsCompletedSuccessfully) completed = AwaitCompletion(completed, itemType, group, itemPath);
            }
            catch (Exception ex)
            {
                completed = HandleFieldError(ex, itemType, group, itemPath);
            }
            if (completed.IsCompletedSuccessfully)
            {
                values.Add(completed.Result);
            }
            else
            {
                values.Add(null);
                if (completed.IsCompleted) failure ??= Capture(completed);
                else (pending ??= []).Add(StoreAsync(values, index, completed));
            }
            index++;
        }
        if (pending is null)
        {
            return failure is null ? new ValueTask<object?>(values) : ValueTask.FromException<object?>(failure);
        }
        return AwaitList(pending, values, failure);
    }

    private static async Task StoreAsync(List<object?> values, int index, ValueTask<object?> result) => values[index] = await result;

    private static async ValueTask<object?> AwaitList(List<Task> pending, List<object?> values, Exception? failure)
    {
        try
        {
            await Task.WhenAll(pending);
        }
        catch (Exception) when (failure is not null)
        {
        }
        if (failure is not null) throw failure;
        return values;
    }

    private static GraphQLException NotIterable(ObjectType parentType, FieldGroup group) =>
        new($"Expected Iterable, but did not find one for field \"{parentType.Name}.{group.Nodes[0].Name.Value}\".");

    /// <summary>Spec 6.4.3 ResolveAbstractType: a bound resolver, __typename data, a CLR type mapping, or isTypeOf.</summary>
    private ObjectType ResolveRuntimeType(IAbstractType abstractType, ObjectType parentType, FieldGroup group, ResponsePath path, object value)
    {
        object? resolved = null;
        if (abstractType.ResolveType is { } resolveType)
        {
            resolved = resolveType(value, NewContext(parentType, group.Definition!, group, value, path));
        }
        resolved ??= value switch
        {
            IReadOnlyDictionary<string, object?> d when d.TryGetValue("__typename", out var t) => t,
            IDictionary<string, object?> d when d.TryGetValue("__typename", out var t) => t,
            JsonElement { ValueKind: JsonValueKind.Object } e when e.TryGetProperty("__typename", out var t) => t.GetString(),
            _ => null,
        };
        var possible = Schema.GetPossibleTypes((NamedType)abstractType);
        if (resolved is null)
        {
            var mapped = Schema.GetObjectTypeForClr(value.GetType());
            if (mapped is not null && possible.Contains(mapped)) resolved = mapped;
        }
        if (resolved is null)
        {
            foreach (var candidate in possible)
            {
                if (candidate.IsTypeOf is { } isTypeOf && isTypeOf(value))
                {
                    resolved = candidate;
                    break;
                }
            }
        }
        if (resolved is null)
        {
            var clrName = value.GetType().Name;
            resolved = possible.FirstOrDefault(p => p.Name == clrName);
        }
        if (resolved is null)
        {
            throw new GraphQLException(
                $"Abstract type \"{abstractType.Name}\" must resolve to an Object type at runtime for field \"{parentType.Name}.{group.Nodes[0].Name.Value}\". " +
                $"Either the \"{abstractType.Name}\" type should provide a \"resolveType\" function or each possible type should provide an \"isTypeOf\" function.");
        }
        var runtimeType = resolved as ObjectType;
        if (runtimeType is null)
        {
            var name = resolved as string ?? resolved.ToString();
            var named = name is null ? null : Schema.GetType(name);
            runtimeType = named as ObjectType ?? throw new GraphQLException(named is null
                ? $"Abstract type \"{abstractType.Name}\" was resolved to a type \"{name}\" that does not exist inside the schema."
                : $"Abstract type \"{abstractType.Name}\" was resolved to a non-object type \"{name}\".");
        }
        if (!possible.Contains(runtimeType))
            throw new GraphQLException($"Runtime Object type \"{runtimeType.Name}\" is not a possible type for \"{abstractType.Name}\".");
        return runtimeType;
    }
}
