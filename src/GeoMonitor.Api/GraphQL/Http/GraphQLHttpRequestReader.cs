using System.Text.Json;
using GeoMonitor.GraphQL;
using GeoMonitor.GraphQL.Execution;
using Microsoft.AspNetCore.Http;

namespace GeoMonitor.Api.GraphQL.Http;

/// <summary>Reads a GraphQL request from a GET query string or a JSON POST body, rejecting malformed parameters.</summary>
internal static class GraphQLHttpRequestReader
{
    /// <summary>A request that could not be read, with the HTTP status to answer.</summary>
    public sealed record Failure(int StatusCode, string Message);

    public static (GraphQLRequest? Request, Failure? Failure) FromQueryString(IQueryCollection query)
    {
        var text = query["query"].ToString();
        if (string.IsNullOrEmpty(text)) return (null, new Failure(StatusCodes.Status400BadRequest, "Missing query."));
        var operationName = query["operationName"].ToString();
        var (variables, variablesError) = ParseMap(query["variables"].ToString(), "variables");
        if (variablesError is not null) return (null, variablesError);
        var (extensions, extensionsError) = ParseMap(query["extensions"].ToString(), "extensions");
        if (extensionsError is not null) return (null, extensionsError);
        return (new GraphQLRequest
        {
            Query = text,
            OperationName = string.IsNullOrEmpty(operationName) ? null : operationName,
            Variables = variables,
            Extensions = extensions,
        }, null);
    }

    public static async Task<(GraphQLRequest? Request, Failure? Failure)> FromBodyAsync(HttpRequest request, long maxBytes, CancellationToken cancellationToken)
    {
        var contentType = request.ContentType;
        if (string.IsNullOrEmpty(contentType))
            return (null, new Failure(StatusCodes.Status415UnsupportedMediaType, "Missing Content-Type; send application/json."));
        var mediaType = contentType.Split(';')[0].Trim();
        if (!mediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase) &&
            !mediaType.Equals(GraphQLMediaTypes.GraphQLResponse, StringComparison.OrdinalIgnoreCase))
        {
            return (null, new Failure(StatusCodes.Status415UnsupportedMediaType, $"Unsupported Content-Type \"{mediaType}\"; send application/json."));
        }
        if (request.ContentLength > maxBytes)
            return (null, new Failure(StatusCodes.Status413PayloadTooLarge, $"Request body is larger than {maxBytes} bytes."));
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > maxBytes)
                return (null, new Failure(StatusCodes.Status413PayloadTooLarge, $"Request body is larger than {maxBytes} bytes."));
            buffer.Write(chunk, 0, read);
        }
        if (buffer.Length == 0) return (null, new Failure(StatusCodes.Status400BadRequest, "Request body is empty; send a JSON object with a \"query\"."));
        // JsonDocument checks UTF-8 only where a string is decoded, later, as an InvalidOperationException (a 500).
        if (!System.Text.Unicode.Utf8.IsValid(buffer.GetBuffer().AsSpan(0, (int)buffer.Length)))
            return (null, new Failure(StatusCodes.Status400BadRequest, "Request body is not valid UTF-8."));
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(buffer.ToArray());
        }
        catch (JsonException ex)
        {
            return (null, new Failure(StatusCodes.Status400BadRequest, $"Request body is not valid JSON: {ex.Message}"));
        }
        using (document)
        {
            return FromJson(document.RootElement);
        }
    }

    private static (GraphQLRequest?, Failure?) FromJson(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object)
            return (null, new Failure(StatusCodes.Status400BadRequest, "Request body must be a JSON object."));
        string? query = null, operationName = null;
        IReadOnlyDictionary<string, object?>? variables = null, extensions = null;
        if (root.TryGetProperty("query", out var q))
        {
            if (q.ValueKind != JsonValueKind.String) return (null, Bad("\"query\" must be a string."));
            query = q.GetString();
        }
        if (string.IsNullOrEmpty(query)) return (null, Bad("Missing query."));
        if (root.TryGetProperty("operationName", out var op) && op.ValueKind != JsonValueKind.Null)
        {
            if (op.ValueKind != JsonValueKind.String) return (null, Bad("\"operationName\" must be a string or null."));
            operationName = op.GetString();
        }
        if (root.TryGetProperty("variables", out var v) && v.ValueKind != JsonValueKind.Null)
        {
            if (v.ValueKind != JsonValueKind.Object) return (null, Bad("\"variables\" must be an object or null."));
            variables = (IReadOnlyDictionary<string, object?>?)JsonInput.FromElement(v);
        }
        if (root.TryGetProperty("extensions", out var e) && e.ValueKind != JsonValueKind.Null)
        {
            if (e.ValueKind != JsonValueKind.Object) return (null, Bad("\"extensions\" must be an object or null."));
            extensions = (IReadOnlyDictionary<string, object?>?)JsonInput.FromElement(e);
        }
        return (new GraphQLRequest { Query = query, OperationName = operationName, Variables = variables, Extensions = extensions }, null);
    }

    private static (IReadOnlyDictionary<string, object?>?, Failure?) ParseMap(string text, string name)
    {
        if (string.IsNullOrEmpty(text)) return (null, null);
        try
        {
            using var document = JsonDocument.Parse(text);
            if (document.RootElement.ValueKind == JsonValueKind.Null) return (null, null);
            if (document.RootElement.ValueKind != JsonValueKind.Object) return (null, Bad($"\"{name}\" must be a JSON object."));
            return ((IReadOnlyDictionary<string, object?>?)JsonInput.FromElement(document.RootElement), null);
        }
        catch (JsonException)
        {
            return (null, Bad($"\"{name}\" is not valid JSON."));
        }
    }

    private static Failure Bad(string message) => new(StatusCodes.Status400BadRequest, message);
}
