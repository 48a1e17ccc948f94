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
    private readonly bool _serializeStreamedLists;
    private ConcurrentDictionary<string, object?>? _items;
    private List<ListJsonBuffer>? _buffers;

    public OperationExecutor(
        Schema schema,
        OperationDefinitionNode operation,
        IReadOnlyDictionary<string, FragmentDefinitionNode> fragments,
        IReadOnlyDictionary<string, object?> variables,
        object? rootValue,
        object? userContext,
        DataLoaderRegistry loaders,
        CancellationToken cancellationToken,
        bool isSubscriptionEvent = false,
        bool serializeStreamedLists = false)
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
        _serializeStreamedLists = serializeStreamedLists;
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
                : await ExecuteFields(rootType, RootValue, PathRef.Root, fields);
        }
        catch (NullPropagation propagation)
        {
            // A root field's null reached "data" itself (spec 6.4.4): the error is recorded here.
            AddError(propagation.Error);
            data = null;
        }
        var result = new ExecutionResult(data, Errors(), hasData: true);
        result.Hold(_buffers);
        return result;
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
            values[i] = await ExecuteField(type, source, group, PathRef.Field(null, group.ResponseKey));
        }
        return new ResultMap(fields.Keys, values);
    }

    private ValueTask<ResultMap> ExecuteFields(ObjectType type, object? source, PathRef path, CollectedFields fields)
    {
        var groups = fields.Groups;
        // This object's path, made when a field other than a plain leaf needs it as its parent.
        ResponsePath? self = null;
        var made = false;
        var map = ResultRecycler.NewMap(this, fields);
        var values = map.ValuesArray;
        List<Task>? pending = null;
        FirstFailure? first = null;
        for (var i = 0; i < groups.Length; i++)
        {
            var group = groups[i];
            var fast = group.IsDefaultLeaf && !(_isSubscriptionEvent && path.IsRoot);
            FieldGroup.DefaultRead read = default;
            ValueTask<object?> result;
            if (fast && group.TryResolveLeaf(source, out var leaf, out read))
            {
                result = new ValueTask<object?>(leaf);
            }
            else
            {
                if (!made)
                {
                    self = path.Make();
                    made = true;
                }
                var fieldPath = PathRef.Field(self, group.ResponseKey);
                result = fast ? CompleteRead(type, source, group, fieldPath, read) : ExecuteField(type, source, group, fieldPath);
            }
            if (result.IsCompletedSuccessfully)
            {
                values[i] = result.Result;
            }
            else if (result.IsCompleted)
            {
                // As in graphql-js, a null that must propagate ends the object at once: later siblings do not run.
                var failure = Capture(result);
                return pending is null ? ValueTask.FromException<ResultMap>(failure) : AwaitFields(pending, first!.Earlier(failure), map);
            }
            else
            {
                first ??= new FirstFailure();
                (pending ??= []).Add(StoreAsync(values, i, result, first));
            }
        }
        if (pending is null) return new ValueTask<ResultMap>(map);
        return AwaitFields(pending, first!, map);
    }

    private static async ValueTask<ResultMap> AwaitFields(List<Task> pending, FirstFailure first, ResultMap map)
    {
        await first.WhenAll(pending);
        return map;
    }

    private static async Task StoreAsync(object?[] values, int index, ValueTask<object?> result, FirstFailure first)
    {
        try
        {
            values[index] = await result;
        }
        catch (Exception ex)
        {
            first.Failed(ex);
            throw;
        }
    }

    /// <summary>
    /// The failure that propagates out of fields or items that run concurrently: the first in time, as the first
    /// rejection is the one graphql-js's Promise.all reports; later ones that would null the same parent are dropped.
    /// Every task is still awaited, so errors recorded below nullable positions inside them are kept.
    /// </summary>
    private sealed class FirstFailure
    {
        private Exception? _value;

        public void Failed(Exception ex) => Interlocked.CompareExchange(ref _value, ex, null);

        public FirstFailure Earlier(Exception ex)
        {
            Failed(ex);
            return this;
        }

        public async Task WhenAll(List<Task> pending)
        {
            try
            {
                await Task.WhenAll(pending);
            }
            catch (Exception) when (_value is not null)
            {
            }
            if (_value is not null) throw _value;
        }
    }

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

    /// <summary>Spec 6.4 ExecuteField, with error handling (6.4.4) folded in.</summary>
    private ValueTask<object?> ExecuteField(ObjectType parentType, object? source, FieldGroup group, PathRef path)
    {
        if (group.IsTypeName) return new ValueTask<object?>(parentType.Name);
        var definition = group.Definition;
        if (definition is null) return new ValueTask<object?>((object?)null);
        var returnType = definition.Type;
        try
        {
            object? value;
            if (_isSubscriptionEvent && path.IsRootField && (definition.Resolver is null || definition.Subscriber is null))
            {
                // Spec 6.2.3 ExecuteSubscriptionEvent: the event itself is the root field's value unless a resolver maps it.
                value = source;
            }
            else if (definition.Resolver is null)
            {
                return CompleteRead(parentType, source, group, path, new FieldGroup.DefaultRead(group.ResolveDefault(source), null));
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

    /// <summary>Completes a field the default resolver read (or failed to read), with the general path's error handling.</summary>
    private ValueTask<object?> CompleteRead(ObjectType parentType, object? source, FieldGroup group, PathRef path, FieldGroup.DefaultRead read)
    {
        var definition = group.Definition!;
        var returnType = definition.Type;
        try
        {
            if (read.Failure is { } failure) return HandleFieldError(failure, returnType, group, path);
            var value = read.Value;
            if (value is Delegate)
            {
                value = InvokeDelegate(value, NewContext(parentType, definition, group, source, path));
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

    internal ResolveContext NewContext(ObjectType parentType, FieldDefinition definition, FieldGroup group, object? source, PathRef path) =>
        new(this, parentType, definition, group, source, path, group.GetArguments(Variables));

    private static object? InvokeDelegate(object value, ResolveContext context) => value switch
    {
        Func<ResolveContext, object?> f => f(context),
        Func<object?> f => f(),
        _ => value,
    };

    private async ValueTask<object?> ExecuteFieldSlow(ValueTask<object?> resolved, ObjectType parentType, FieldGroup group, PathRef path)
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

    private async ValueTask<object?> AwaitCompletion(ValueTask<object?> completion, GraphQLType returnType, FieldGroup group, PathRef path)
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

    /// <summary>
    /// Spec 6.4.4: at a nullable position the error is recorded and the field becomes null; at a non-null position the
    /// error propagates to the parent, keeping the path where it happened.
    /// </summary>
    private ValueTask<object?> HandleFieldError(Exception ex, GraphQLType returnType, FieldGroup group, PathRef path)
    {
        if (ex is OperationCanceledException && CancellationToken.IsCancellationRequested) return ValueTask.FromException<object?>(ex);
        var propagation = ex as NullPropagation ?? new NullPropagation(ToError(ex, group, path.Make()!));
        if (returnType is NonNullType) return ValueTask.FromException<object?>(propagation);
        AddError(propagation.Error);
        return new ValueTask<object?>((object?)null);
    }

    private static GraphQLError ToError(Exception ex, FieldGroup group, ResponsePath path)
    {
        var locations = group.Nodes.Where(n => n.Location is not null).Select(n => n.Location!.StartLocation).ToList();
        if (ex is AggregateException { InnerExceptions.Count: 1 } agg) ex = agg.InnerExceptions[0];
        if (ex is GraphQLException gql) return new GraphQLError(gql.Message, gql.Locations ?? locations, path.ToList(), gql.Extensions);
        return new GraphQLError(ex.Message, locations, path.ToList());
    }

    /// <summary>Spec 6.4.3 CompleteValue.</summary>
    private ValueTask<object?> CompleteValue(GraphQLType returnType, ObjectType parentType, FieldGroup group, PathRef path, object? result)
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

    private async ValueTask<object?> CompleteTaskValue(Task task, GraphQLType returnType, ObjectType parentType, FieldGroup group, PathRef path)
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

    private ValueTask<object?> CompleteObject(ObjectType type, FieldGroup group, PathRef path, object result)
    {
        if (type.IsTypeOf is { } isTypeOf && !isTypeOf(result))
            throw new GraphQLException($"Expected value of type \"{type.Name}\" but got: {Inspect.Value(result)}.");
        var subfields = _collector.CollectSubfields(type, group);
        var map = ExecuteFields(type, result, path, subfields);
        return map.IsCompletedSuccessfully ? new ValueTask<object?>(map.Result) : AwaitMap(map);
    }

    private static async ValueTask<object?> AwaitMap(ValueTask<ResultMap> map) => await map;

    private ValueTask<object?> CompleteList(ListType listType, ObjectType parentType, FieldGroup group, PathRef path, object result)
    {
        if (result is not (string or IDictionary or JsonElement) && AsyncLists.From(result) is { } stream)
            return CompleteStreamedList(listType, parentType, group, path, stream);
        IEnumerable items = result switch
        {
            JsonElement { ValueKind: JsonValueKind.Array } json => json.EnumerateArray().Select(e => (object)e),
            string or IDictionary or JsonElement => throw NotIterable(parentType, group),
            IEnumerable enumerable when result is not IEnumerable<KeyValuePair<string, object?>> => enumerable,
            _ => throw NotIterable(parentType, group),
        };
        var completion = new ListItems(this, listType.OfType, parentType, group, path, items is ICollection collection ? collection.Count : 4);
        if (items is IList list)
        {
            // By index: enumerating a List<T> through IEnumerable would box its enumerator for every list of a page.
            for (var i = 0; i < list.Count; i++)
            {
                if (!completion.Add(list[i])) break;
            }
        }
        else
        {
            foreach (var item in items)
            {
                if (!completion.Add(item)) break;
            }
        }
        return completion.Finish();
    }

    /// <summary>
    /// Completes the items of one list (spec 6.4.3 CompleteValue for lists), in order. An item whose null must
    /// propagate ends the list at once, as in graphql-js (later items are not executed); items that wait on something
    /// are awaited together.
    /// </summary>
    // A struct: every list of every item of a page makes one, so it lives in its caller's frame (or state machine).
    private struct ListItems(OperationExecutor executor, GraphQLType itemType, ObjectType parentType, FieldGroup group, PathRef path, int capacity)
    {
        private ResponsePath? _listPath;

        /// <summary>The path of the next item, not made (nor the list's) until something needs it.</summary>
        public PathRef NextPath() => path.ItemOf(Index, ref _listPath);

        private List<Task>? _pending;
        private FirstFailure? _first;
        private Exception? _failure;

        public ResultList Values { get; } = ResultRecycler.NewList(executor, capacity);

        public int Index { get; set; }

        public bool HasPending => _pending is not null;

        /// <summary>Completes the next item; false when its failure ends the list.</summary>
        public bool Add(object? item)
        {
            var completed = executor.CompleteItem(itemType, parentType, group, NextPath(), item);
            return Add(completed);
        }

        /// <summary>Records the next item's completion; false when its failure ends the list.</summary>
        public bool Add(ValueTask<object?> completed)
        {
            Index++;
            if (completed.IsCompletedSuccessfully)
            {
                Values.Add(completed.Result);
                return true;
            }
            if (completed.IsCompleted)
            {
                _failure = Capture(completed);
                return false;
            }
            Values.Add(null);
            _first ??= new FirstFailure();
            (_pending ??= []).Add(StoreAsync(Values, Values.Count - 1, completed, _first));
            return true;
        }

        public ValueTask<object?> Finish()
        {
            if (_pending is null) return _failure is null ? new ValueTask<object?>(Values) : ValueTask.FromException<object?>(_failure);
            return AwaitAll(_failure is null ? _first! : _first!.Earlier(_failure), _pending, Values);
        }

        private static async ValueTask<object?> AwaitAll(FirstFailure first, List<Task> pending, List<object?> values)
        {
            await first.WhenAll(pending);
            return values;
        }

        private static async Task StoreAsync(List<object?> values, int index, ValueTask<object?> result, FirstFailure first)
        {
            try
            {
                values[index] = await result;
            }
            catch (Exception ex)
            {
                first.Failed(ex);
                throw;
            }
        }
    }

    /// <summary>Completes one list item; a failure is handled at the item's position (null, or propagated).</summary>
    private ValueTask<object?> CompleteItem(GraphQLType itemType, ObjectType parentType, FieldGroup group, PathRef itemPath, object? item)
    {
        try
        {
            var completed = CompleteValue(itemType, parentType, group, itemPath, item);
            return completed.IsCompletedSuccessfully ? completed : AwaitCompletion(completed, itemType, group, itemPath);
        }
        catch (Exception ex)
        {
            return HandleFieldError(ex, itemType, group, itemPath);
        }
    }

    /// <summary>
    /// A list whose items arrive one by one (an <see cref="IAsyncEnumerable{T}"/>): each item is executed as soon as
    /// it arrives, while the source produces the next, and with <see cref="ExecutionOptions.SerializeStreamedLists"/>
    /// written to JSON at once, so that a large page read from a database costs little more than the read itself.
    /// <para>
    /// The result is the one graphql-js gives for the same items in a list: items in order, an item error handled at
    /// the item (null in a nullable item, otherwise propagated: the list stops there and the source is disposed). The
    /// written JSON is only a value in the result tree, committed to the client with the rest of the response, so a
    /// null that propagates past the list discards it like any other subtree. An item that has to wait (a data
    /// loader's batch) ends the item-by-item phase: the rest of the source is read first and the remaining items run
    /// together, so that their loads are batched as a list's are (at most two batches: the waiting item's and the rest).
    /// A failure of the source itself is an error of the list field, at the list's path.
    /// </para>
    /// </summary>
    private async ValueTask<object?> CompleteStreamedList(ListType listType, ObjectType parentType, FieldGroup group, PathRef path, IAsyncEnumerable<object?> source)
    {
        var itemType = listType.OfType;
        ListJsonBuffer? written = null;
        ResultRecycler? recycler = null;
        if (_serializeStreamedLists)
        {
            written = new ListJsonBuffer();
            recycler = new ResultRecycler(this);
            lock (_errors) (_buffers ??= []).Add(written);
        }
        var items = new ListItems(this, itemType, parentType, group, path, 16);
        var enumerator = source.GetAsyncEnumerator(CancellationToken);
        try
        {
            while (await enumerator.MoveNextAsync())
            {
                if (written is not null)
                {
                    // The common case first: the item written straight from its source, no result objects at all.
                    var mark = written.BeginItem();
                    if (TryWriteDirect(written.Writer, itemType, group, enumerator.Current))
                    {
                        written.EndItem();
                        items.Index++;
                        continue;
                    }
                    written.Rollback(mark);
                }
                ValueTask<object?> completed;
                if (recycler is null)
                {
                    completed = CompleteItem(itemType, parentType, group, items.NextPath(), enumerator.Current);
                }
                else
                {
                    using (recycler.Enter()) completed = CompleteItem(itemType, parentType, group, items.NextPath(), enumerator.Current);
                }
                if (written is not null && completed.IsCompletedSuccessfully)
                {
                    items.Index++;
                    written.Write(completed.Result);
                    recycler!.Recycle(completed.Result);
                    continue;
                }
                if (!items.Add(completed)) break;
                if (!items.HasPending) continue;
                var rest = new List<object?>();
                while (await enumerator.MoveNextAsync()) rest.Add(enumerator.Current);
                foreach (var item in rest)
                {
                    if (!items.Add(item)) break;
                }
                break;
            }
        }
        finally
        {
            await enumerator.DisposeAsync();
        }
        var values = await items.Finish();
        if (written is null) return values;
        foreach (var value in (List<object?>)values!) written.Write(value);
        return written.Complete();
    }

    private static GraphQLException NotIterable(ObjectType parentType, FieldGroup group) =>
        new($"Expected Iterable, but did not find one for field \"{parentType.Name}.{group.Nodes[0].Name.Value}\".");

    /// <summary>
    /// Writes a streamed item straight from its source into the list's JSON, without result objects, when nothing
    /// about it needs the general path: every field read by the default resolver (objects and lists of a concrete
    /// type, leaves), every value present where the schema says non-null, nothing to await, no error. It reads
    /// properties and calls scalar serializers only — no resolver — so when it meets anything else it answers false,
    /// the caller cuts what it wrote, and the item is executed the general way, which gives the errors and nulls
    /// graphql-js gives (reading the same properties again, as the leaf fast path already does).
    /// </summary>
    private bool TryWriteDirect(Utf8JsonWriter writer, GraphQLType type, FieldGroup group, object? value)
    {
        try
        {
            return WriteDirect(writer, type, group, value);
        }
        catch (Exception)
        {
            return false;
        }
    }

    private bool WriteDirect(Utf8JsonWriter writer, GraphQLType type, FieldGroup group, object? value)
    {
        var isNull = value is null || value is DBNull || value is JsonElement { ValueKind: JsonValueKind.Null or JsonValueKind.Undefined };
        if (type is NonNullType nonNull)
        {
            if (isNull) return false;
            type = nonNull.OfType;
        }
        else if (isNull)
        {
            writer.WriteNullValue();
            return true;
        }
        switch (type)
        {
            case ObjectType objectType:
                if (value is Task or Delegate || objectType.IsTypeOf is { } isTypeOf && !isTypeOf(value!)) return false;
                var fields = _collector.CollectSubfields(objectType, group);
                if (!fields.DirectlyWritable) return false;
                writer.WriteStartObject();
                var groups = fields.Groups;
                var keys = fields.Keys.Encoded;
                for (var i = 0; i < groups.Length; i++)
                {
                    var g = groups[i];
                    writer.WritePropertyName(keys[i]);
                    if (g.IsTypeName)
                    {
                        writer.WriteStringValue(objectType.Name);
                    }
                    else if (g.IsDefaultLeaf)
                    {
                        if (!g.TryResolveLeaf(value, out var leaf, out _)) return false;
                        ResultJsonWriter.WriteValue(writer, leaf);
                    }
                    else if (!WriteDirect(writer, g.Definition!.Type, g, g.ResolveDefault(value)))
                    {
                        return false;
                    }
                }
                writer.WriteEndObject();
                return true;
            case ListType listType:
                if (value is not IList list || value is string) return false;
                writer.WriteStartArray();
                for (var i = 0; i < list.Count; i++)
                {
                    if (!WriteDirect(writer, listType.OfType, group, list[i])) return false;
                }
                writer.WriteEndArray();
                return true;
            case ScalarType scalar:
                if (value is Task or Delegate || scalar.Serialize(value!) is not { } serialized) return false;
                ResultJsonWriter.WriteValue(writer, serialized);
                return true;
            case EnumType enumType:
                if (value is Task or Delegate) return false;
                writer.WriteStringValue(enumType.Serialize(value!));
                return true;
            default:
                return false;
        }
    }

    /// <summary>Spec 6.4.3 ResolveAbstractType: a bound resolver, __typename data, a CLR type mapping, or isTypeOf.</summary>
    private ObjectType ResolveRuntimeType(IAbstractType abstractType, ObjectType parentType, FieldGroup group, PathRef path, object value)
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
