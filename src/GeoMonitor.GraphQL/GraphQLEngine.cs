using System.Runtime.CompilerServices;
using GeoMonitor.GraphQL.Execution;
using GeoMonitor.GraphQL.Language;
using GeoMonitor.GraphQL.Limits;
using GeoMonitor.GraphQL.Types;
using GeoMonitor.GraphQL.Validation;

namespace GeoMonitor.GraphQL;

/// <summary>
/// The engine's entry points: parse, validate, check limits and execute a request (spec 6.1 ExecuteRequest).
/// <see cref="Prepare"/> and <see cref="ExecuteAsync(Schema, PreparedOperation, IReadOnlyDictionary{string, object}, ExecutionOptions)"/>
/// are separate so a transport can look at the operation (e.g. refuse mutations over GET) before running it.
/// </summary>
public static class GraphQLEngine
{
    /// <summary>
    /// Parses and validates a request and selects its operation; limits on size, tokens, depth and cost are checked here.
    /// Parsed and validated documents are cached per schema by query text unless <paramref name="useDocumentCache"/> is false.
    /// </summary>
    public static PrepareResult Prepare(Schema schema, GraphQLRequest request, GraphQLLimits? limits = null, bool useDocumentCache = true)
    {
        limits ??= GraphQLLimits.Default;
        var query = request.Query;
        if (string.IsNullOrWhiteSpace(query)) return Fail(new GraphQLError("Must provide query string."));
        if (limits.MaxDocumentLength is int maxLength && query.Length > maxLength)
        {
            return Fail(GraphQLError.WithCode(
                $"Document of {query.Length} characters exceeds the maximum of {maxLength}.", LimitErrorCodes.DocumentTooLarge));
        }
        var maxTokens = limits.MaxTokens ?? int.MaxValue;
        DocumentNode document;
        if (useDocumentCache && Utilities.DocumentCache.TryGet(schema, query, maxTokens, out var cached))
        {
            if (cached.Errors.Count > 0) return new PrepareResult(null, cached.Errors);
            document = cached.Document;
        }
        else
        {
            try
            {
                document = Parser.Parse(query, new ParserOptions { MaxTokens = maxTokens });
            }
            catch (GraphQLSyntaxError ex)
            {
                return new PrepareResult(null, [ex.ToError()]) { IsSyntaxError = true };
            }
            var errors = Validator.Validate(schema, document);
            if (useDocumentCache) Utilities.DocumentCache.Add(schema, query, maxTokens, new Utilities.DocumentCache.Entry(document, errors));
            if (errors.Count > 0) return new PrepareResult(null, errors);
        }
        var operation = SelectOperation(document, request.OperationName, out var selectionError);
        if (operation is null) return Fail(selectionError!);
        var prepared = new PreparedOperation(document, operation);
        if (limits.MaxDepth is not null || limits.MaxCost is not null || limits.MaxIntrospectionDepth is not null)
        {
            var complexity = OperationComplexity.Measure(schema, operation, prepared.Fragments, request.Variables, limits);
            if (complexity.Depth > limits.MaxDepth)
            {
                return Fail(GraphQLError.WithCode(
                    $"Query depth {complexity.Depth} exceeds the maximum allowed depth of {limits.MaxDepth}.", LimitErrorCodes.TooDeep,
                    operation.Location is null ? null : [operation.Location.StartLocation]));
            }
            if (complexity.IntrospectionDepth > limits.MaxIntrospectionDepth)
            {
                return Fail(GraphQLError.WithCode(
                    $"Introspection lists are nested {complexity.IntrospectionDepth} deep; the maximum is {limits.MaxIntrospectionDepth}.",
                    LimitErrorCodes.IntrospectionTooDeep, operation.Location is null ? null : [operation.Location.StartLocation]));
            }
            if (complexity.Cost > limits.MaxCost)
            {
                return Fail(GraphQLError.WithCode(
                    $"Query cost {complexity.Cost} exceeds the maximum allowed cost of {limits.MaxCost}.", LimitErrorCodes.TooCostly,
                    operation.Location is null ? null : [operation.Location.StartLocation]));
            }
        }
        return new PrepareResult(prepared, null);
    }

    /// <summary>Coerces variables and executes a prepared query or mutation.</summary>
    public static async Task<ExecutionResult> ExecuteAsync(
        Schema schema,
        PreparedOperation operation,
        IReadOnlyDictionary<string, object?>? variables,
        ExecutionOptions? options = null)
    {
        options ??= new ExecutionOptions();
        if (operation.OperationType == OperationType.Subscription)
        {
            return ExecutionResult.RequestError(GraphQLError.At(
                "Subscription operations produce a stream; execute them with SubscribeAsync.", operation.Operation));
        }
        var errors = new List<GraphQLError>();
        var coerced = ValueCoercion.CoerceVariableValues(schema, operation.Operation.VariableDefinitions, variables, errors);
        if (errors.Count > 0) return ExecutionResult.RequestError(errors);
        var limits = options.Limits ?? GraphQLLimits.Default;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(options.CancellationToken);
        if (limits.Timeout is { } budget) timeout.CancelAfter(budget);
        try
        {
            return await RunAsync(schema, operation, coerced, options.RootValue, options.UserContext, timeout.Token, isSubscriptionEvent: false,
                options.SerializeStreamedLists);
        }
        catch (OperationCanceledException) when (!options.CancellationToken.IsCancellationRequested && timeout.IsCancellationRequested)
        {
            return TimedOut(limits);
        }
    }

    /// <summary>Prepares and executes a query or mutation; request errors come back as a result without data.</summary>
    public static Task<ExecutionResult> ExecuteAsync(Schema schema, GraphQLRequest request, ExecutionOptions? options = null)
    {
        var prepared = Prepare(schema, request, options?.Limits, options?.UseDocumentCache ?? true);
        return prepared.Operation is null
            ? Task.FromResult(ExecutionResult.RequestError(prepared.Errors!))
            : ExecuteAsync(schema, prepared.Operation, request.Variables, options);
    }

    /// <summary>
    /// Runs a subscription (spec 6.2.3): one result per event of the root field's source stream, each event executed
    /// like a query with the event as the root field's value. A request that fails before the stream starts yields
    /// a single error result. The time budget applies to each event's execution.
    /// </summary>
    public static async IAsyncEnumerable<ExecutionResult> SubscribeAsync(
        Schema schema,
        GraphQLRequest request,
        ExecutionOptions? options = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        options ??= new ExecutionOptions();
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(options.CancellationToken, cancellationToken);
        var limits = options.Limits ?? GraphQLLimits.Default;
        var prepared = Prepare(schema, request, limits, options.UseDocumentCache);
        if (prepared.Operation is null)
        {
            yield return ExecutionResult.RequestError(prepared.Errors!);
            yield break;
        }
        var operation = prepared.Operation;
        if (operation.OperationType != OperationType.Subscription)
        {
            yield return ExecutionResult.RequestError(GraphQLError.At("SubscribeAsync requires a subscription operation.", operation.Operation));
            yield break;
        }
        var errors = new List<GraphQLError>();
        var variables = ValueCoercion.CoerceVariableValues(schema, operation.Operation.VariableDefinitions, request.Variables, errors);
        if (errors.Count > 0)
        {
            yield return ExecutionResult.RequestError(errors);
            yield break;
        }
        var (stream, error) = await CreateSourceStreamAsync(schema, operation, variables, options, linked.Token);
        if (stream is null)
        {
            yield return ExecutionResult.RequestError(error!);
            yield break;
        }
        await foreach (var payload in stream.WithCancellation(linked.Token))
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(linked.Token);
            if (limits.Timeout is { } budget) timeout.CancelAfter(budget);
            ExecutionResult result;
            try
            {
                result = await RunAsync(schema, operation, variables, payload, options.UserContext, timeout.Token, isSubscriptionEvent: true,
                    options.SerializeStreamedLists);
            }
            catch (OperationCanceledException) when (!linked.IsCancellationRequested && timeout.IsCancellationRequested)
            {
                result = TimedOut(limits);
            }
            yield return result;
        }
    }

    private static async Task<(IAsyncEnumerable<object?>? Stream, GraphQLError? Error)> CreateSourceStreamAsync(
        Schema schema, PreparedOperation operation, IReadOnlyDictionary<string, object?> variables, ExecutionOptions options, CancellationToken cancellationToken)
    {
        var rootType = schema.Subscription;
        if (rootType is null)
            return (null, GraphQLError.At("Schema is not configured to execute subscription operation.", operation.Operation));
        var executor = new OperationExecutor(schema, operation.Operation, operation.Fragments, variables, options.RootValue, options.UserContext,
            new DataLoaderRegistry(), cancellationToken);
        var fields = executor.Collector.Collect(rootType, operation.Operation.SelectionSet);
        var group = fields.Groups[0];
        var definition = group.Definition;
        var path = new ResponsePath(null, group.ResponseKey);
        if (definition is null)
            return (null, GraphQLError.At($"The subscription field \"{group.Nodes[0].Name.Value}\" is not defined.", group.Nodes[0]));
        try
        {
            var context = executor.NewContext(rootType, definition, group, options.RootValue, PathRef.Made(path));
            object? source = definition.Subscriber is not null
                ? await definition.Subscriber(context)
                : definition.Resolver is not null ? await definition.Resolver(context) : DefaultResolver.Resolve(options.RootValue, definition.Name);
            if (source is IAsyncEnumerable<object?> stream) return (stream, null);
            return (null, new GraphQLError(
                $"Subscription field must return Async Iterable. Received: {Inspect.Value(source)}.",
                group.Nodes[0].Location is { } l ? [l.StartLocation] : null, path.ToList()));
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            var locations = group.Nodes[0].Location is { } l ? new[] { l.StartLocation } : null;
            return (null, ex is GraphQLException gql
                ? new GraphQLError(gql.Message, gql.Locations ?? locations, path.ToList(), gql.Extensions)
                : new GraphQLError(ex.Message, locations, path.ToList()));
        }
    }

    private static Task<ExecutionResult> RunAsync(
        Schema schema,
        PreparedOperation operation,
        IReadOnlyDictionary<string, object?> variables,
        object? rootValue,
        object? userContext,
        CancellationToken cancellationToken,
        bool isSubscriptionEvent,
        bool serializeStreamedLists)
    {
        var loaders = new DataLoaderRegistry();
        var pump = new ExecutionPump();
        loaders.PendingChanged = pump.Wake;
        var executor = new OperationExecutor(schema, operation.Operation, operation.Fragments, variables, rootValue, userContext,
            loaders, cancellationToken, isSubscriptionEvent, serializeStreamedLists);
        return pump.RunAsync(executor.ExecuteAsync, loaders, cancellationToken);
    }

    private static ExecutionResult TimedOut(GraphQLLimits limits) => new(
        null,
        [GraphQLError.WithCode($"Execution exceeded the time budget of {limits.Timeout!.Value.TotalMilliseconds:0} ms.", LimitErrorCodes.Timeout)],
        hasData: true);

    /// <summary>Spec 6.1 GetOperation.</summary>
    private static OperationDefinitionNode? SelectOperation(DocumentNode document, string? operationName, out GraphQLError? error)
    {
        error = null;
        OperationDefinitionNode? selected = null;
        foreach (var operation in document.Definitions.OfType<OperationDefinitionNode>())
        {
            if (operationName is null)
            {
                if (selected is not null)
                {
                    error = new GraphQLError("Must provide operation name if query contains multiple operations.");
                    return null;
                }
                selected = operation;
            }
            else if (operation.Name?.Value == operationName)
            {
                return operation;
            }
        }
        if (selected is null)
        {
            error = new GraphQLError(operationName is null ? "Must provide an operation." : $"Unknown operation named \"{operationName}\".");
        }
        return selected;
    }

    private static PrepareResult Fail(GraphQLError error) => new(null, [error]);
}
