using System.Buffers;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using GeoMonitor.GraphQL;
using GeoMonitor.GraphQL.Execution;
using GeoMonitor.GraphQL.Language;
using Microsoft.AspNetCore.Http;

namespace GeoMonitor.Api.GraphQL.Http;

/// <summary>
/// GraphQL over HTTP: GET (queries only) and POST with a JSON body. Status codes follow the GraphQL-over-HTTP spec:
/// with application/graphql-response+json a request that never executes gets 4xx, with application/json any
/// well-formed request gets 200, and malformed HTTP requests get 400/405/413/415 whatever the media type.
/// </summary>
internal static class GraphQLHttpHandler
{
    public static async Task HandleAsync(
        HttpContext http,
        Func<HttpContext, GraphQLRequestOptions> configure,
        GraphQLEndpointOptions endpoint,
        GraphiQLAssets graphiQL)
    {
        var accept = http.Request.Headers.Accept;
        var isGet = HttpMethods.IsGet(http.Request.Method);
        if (isGet && endpoint.EnableGraphiQL && !http.Request.Query.ContainsKey("query") && GraphQLMediaTypes.WantsHtml(accept))
        {
            await graphiQL.ServePageAsync(http);
            return;
        }
        var mediaType = GraphQLMediaTypes.Negotiate(accept);
        var (request, failure) = isGet
            ? GraphQLHttpRequestReader.FromQueryString(http.Request.Query)
            : await GraphQLHttpRequestReader.FromBodyAsync(http.Request, endpoint.MaxBodyBytes, http.RequestAborted);
        if (request is null)
        {
            await WriteAsync(http, failure!.StatusCode, mediaType, ExecutionResult.RequestError(new GraphQLError(failure.Message)));
            return;
        }
        var options = configure(http);
        var started = Stopwatch.GetTimestamp();
        var prepared = GraphQLEngine.Prepare(options.Schema, request, options.Limits);
        var preparedAt = Stopwatch.GetTimestamp();
        if (prepared.Operation is null)
        {
            await WriteRequestErrorAsync(http, mediaType, ExecutionResult.RequestError(prepared.Errors!));
            return;
        }
        if (isGet && prepared.Operation.OperationType != OperationType.Query)
        {
            // GraphQL-over-HTTP: GET must not cause side effects, so only queries run over GET.
            http.Response.Headers.Allow = "POST";
            var verb = prepared.Operation.OperationType == OperationType.Mutation ? "Mutations" : "Subscriptions";
            await WriteAsync(http, StatusCodes.Status405MethodNotAllowed, mediaType,
                ExecutionResult.RequestError(new GraphQLError($"{verb} cannot be executed over GET; use POST.")));
            return;
        }
        if (prepared.Operation.OperationType == OperationType.Subscription)
        {
            await WriteRequestErrorAsync(http, mediaType, ExecutionResult.RequestError(
                new GraphQLError("Subscriptions are not supported over this HTTP endpoint.")));
            return;
        }
        ExecutionResult result;
        try
        {
            result = await GraphQLEngine.ExecuteAsync(options.Schema, prepared.Operation, request.Variables, new ExecutionOptions
            {
                UserContext = options.UserContext ?? http,
                RootValue = options.RootValue,
                Limits = options.Limits,
                CancellationToken = http.RequestAborted,
                // The response is only written: large lists that stream from a reader are written as their rows arrive.
                SerializeStreamedLists = true,
            });
        }
        catch (OperationCanceledException) when (http.RequestAborted.IsCancellationRequested)
        {
            return;
        }
        using (result)
        {
            if (!result.HasData)
            {
                await WriteRequestErrorAsync(http, mediaType, result);
                return;
            }
            // W3C Server Timing: parse + validate (cached documents cost ~0), and execution including the resolvers'
            // database reads and the writing of lists that streamed from a reader (written while their rows arrived).
            // The rest of the serialization follows and is not in it (the header goes out before the body).
            http.Response.Headers["Server-Timing"] = string.Create(CultureInfo.InvariantCulture,
                $"prepare;dur={Stopwatch.GetElapsedTime(started, preparedAt).TotalMilliseconds:0.###}, execute;dur={Stopwatch.GetElapsedTime(preparedAt).TotalMilliseconds:0.###}");
            await WriteAsync(http, StatusCodes.Status200OK, mediaType, result);
        }
    }

    /// <summary>A request that was not executed (bad document, bad variables): 400 with the new media type, 200 with legacy JSON.</summary>
    private static Task WriteRequestErrorAsync(HttpContext http, string mediaType, ExecutionResult result) =>
        WriteAsync(http, mediaType == GraphQLMediaTypes.GraphQLResponse ? StatusCodes.Status400BadRequest : StatusCodes.Status200OK, mediaType, result);

    // The engine writes well-formed results by construction: the writer need not re-check the nesting of every token.
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping, SkipValidation = true };

    private static async Task WriteAsync(HttpContext http, int statusCode, string mediaType, ExecutionResult result)
    {
        http.Response.StatusCode = statusCode;
        http.Response.ContentType = mediaType + "; charset=utf-8";
        // Headers first: what is written before the response starts is held in a buffer of its own and copied into the
        // connection's pipe when it does; after, it goes straight into the pipe (one copy of a page, not two).
        await http.Response.StartAsync(http.RequestAborted);
        // Straight into Kestrel's pipe: no intermediate buffer that grows (and copies) to the size of a large page.
        var pipe = http.Response.BodyWriter;
        await using (var writer = new Utf8JsonWriter((IBufferWriter<byte>)pipe, WriterOptions))
            result.WriteTo(writer);
        await pipe.FlushAsync(http.RequestAborted);
    }
}
