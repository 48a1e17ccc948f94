using System.Text.Json.Nodes;
using GeoMonitor.Api.Infrastructure.Auth;
using Microsoft.AspNetCore.Authorization;
using Microsoft.OpenApi;
using Microsoft.OpenApi.Reader;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace GeoMonitor.Api.Infrastructure.OpenApi;

/// <summary>
/// Describes what the handlers read and write by hand: the <see cref="WireResponse"/>, <see cref="WireRequest"/> and
/// <see cref="DocumentedParameters"/> metadata of each endpoint become its response content, request body and parameters,
/// and the hand-written schemas they name become components.
/// </summary>
public sealed class WireSchemaFilter : IOperationFilter
{
    /// <inheritdoc />
    public void Apply(OpenApiOperation operation, OperationFilterContext context)
    {
        var metadata = context.ApiDescription.ActionDescriptor.EndpointMetadata;
        var replaced = new HashSet<int>();
        foreach (var wire in metadata.OfType<WireResponse>())
        {
            operation.Responses ??= [];
            var key = wire.Status.ToString(System.Globalization.CultureInfo.InvariantCulture);
            if (!operation.Responses.TryGetValue(key, out var found) || found is not OpenApiResponse response)
                operation.Responses[key] = response = new OpenApiResponse { Description = StandardResponses.Describe(wire.Status) };
            if (replaced.Add(wire.Status)) response.Content = new Dictionary<string, IOpenApiMediaType>();
            foreach (var type in wire.ContentTypes)
                response.Content![type] = new OpenApiMediaType { Schema = Component(wire.Schema, context) };
        }
        // A body the handler writes by hand, declared only by its media type (.Produces(200, contentType: …)): described
        // as what that media type promises (a JSON object, text, bytes) until the feature gives it a WireSchema.
        foreach (var declared in metadata.OfType<Microsoft.AspNetCore.Http.Metadata.IProducesResponseTypeMetadata>())
        {
            if (declared.Type is not null && declared.Type != typeof(void) || declared.StatusCode is 204 or 304 || declared.StatusCode >= 400
                || replaced.Contains(declared.StatusCode) || !declared.ContentTypes.Any()) continue;
            var key = declared.StatusCode.ToString(System.Globalization.CultureInfo.InvariantCulture);
            operation.Responses ??= [];
            if (!operation.Responses.TryGetValue(key, out var found) || found is not OpenApiResponse response)
                operation.Responses[key] = response = new OpenApiResponse { Description = StandardResponses.Describe(declared.StatusCode) };
            response.Content ??= new Dictionary<string, IOpenApiMediaType>();
            foreach (var type in declared.ContentTypes)
                if (!response.Content.ContainsKey(type) || response.Content[type].Schema is null)
                    response.Content[type] = new OpenApiMediaType { Schema = Component(ForMediaType(type), context) };
        }

        var bodies = metadata.OfType<WireRequest>().ToList();
        if (bodies.Count > 0)
        {
            var content = new Dictionary<string, IOpenApiMediaType>();
            foreach (var body in bodies)
                foreach (var type in body.ContentTypes)
                    content[type] = new OpenApiMediaType { Schema = Component(body.Schema, context) };
            operation.RequestBody = new OpenApiRequestBody { Required = bodies.Any(b => b.Required), Content = content };
        }
        else if (context.ApiDescription.HttpMethod is "POST" or "PUT" or "PATCH")
            // Every other write reads one JSON object (UploadsApi.ReadJsonAsync: application/json or application/geo+json);
            // its members are in the operation's description and checked by the use case (422 naming each field).
            operation.RequestBody = new OpenApiRequestBody
            {
                Required = true,
                Content = new Dictionary<string, IOpenApiMediaType>
                {
                    ["application/json"] = new OpenApiMediaType { Schema = Component(GeoJsonSchemas.Object, context) },
                    ["application/geo+json"] = new OpenApiMediaType { Schema = Component(GeoJsonSchemas.Object, context) },
                },
            };
        foreach (var documented in metadata.OfType<DocumentedParameters>())
        {
            operation.Parameters ??= [];
            foreach (var name in documented.Query) Add(operation, name, ParameterLocation.Query, ParameterGlossary.Query, context);
            foreach (var name in documented.Headers) Add(operation, name, ParameterLocation.Header, ParameterGlossary.Headers, context);
        }
    }

    private static WireSchema ForMediaType(string type) =>
        type.EndsWith("json", StringComparison.Ordinal) ? GeoJsonSchemas.Object
        : type.StartsWith("text/", StringComparison.Ordinal) || type.EndsWith("json-seq", StringComparison.Ordinal) ? WireSchema.Text
        : WireSchema.Binary;

    private static void Add(OpenApiOperation operation, string name, ParameterLocation where, IReadOnlyDictionary<string, ParameterGlossary.Entry> glossary,
        OperationFilterContext context)
    {
        if (operation.Parameters!.Any(p => p.Name == name && p.In == where)) return;
        // A name outside the glossary is one of the OGC collections' property filters (property=value).
        var entry = glossary.GetValueOrDefault(name) ?? (where == ParameterLocation.Query && context.ApiDescription.RelativePath?.StartsWith("ogc/", StringComparison.Ordinal) == true
            ? new ParameterGlossary.Entry("""{"type": "string"}""", $"Only features whose property {name} equals this value (see the collection's queryables).")
            : throw new InvalidOperationException($"Parameter '{name}' of {context.ApiDescription.RelativePath} is not in ParameterGlossary."));
        operation.Parameters!.Add(new OpenApiParameter
        {
            Name = name,
            In = where,
            Description = entry.Description,
            Schema = Parse(entry.Schema, context.Document),
            Example = entry.Example is null ? null : JsonValue.Create(entry.Example),
            Style = where == ParameterLocation.Query ? ParameterStyle.Form : ParameterStyle.Simple,
            Explode = where == ParameterLocation.Query && entry.Explode,
        });
    }

    /// <summary>A reference to <paramref name="schema"/>, adding it (and what it uses) to the components first.</summary>
    public static IOpenApiSchema Component(WireSchema schema, OperationFilterContext context) => Component(schema, context.Document, context.SchemaRepository);

    /// <summary>A reference to <paramref name="schema"/>, adding it (and what it uses) to the components first.</summary>
    public static IOpenApiSchema Component(WireSchema schema, OpenApiDocument document, SchemaRepository repository)
    {
        foreach (var s in schema.WithDependencies())
            if (!repository.Schemas.ContainsKey(s.Name) || repository.Schemas[s.Name] is not OpenApiSchema { Extensions: { } x } || !x.ContainsKey(HandWritten))
            {
                var parsed = Parse(s.Json, document);
                parsed.Extensions ??= new Dictionary<string, IOpenApiExtension>();
                parsed.Extensions[HandWritten] = new JsonNodeExtension(JsonValue.Create(true));
                repository.Schemas[s.Name] = parsed;
            }
        return new OpenApiSchemaReference(schema.Name, document);
    }

    /// <summary>Marks the components written by hand (a generated schema of the same name, e.g. FieldError, is replaced).</summary>
    public const string HandWritten = "x-hand-written";

    /// <summary>Parses an OpenAPI 3.1 schema written as JSON.</summary>
    public static OpenApiSchema Parse(string json, OpenApiDocument document)
    {
        var schema = OpenApiModelFactory.Parse<OpenApiSchema>(json, OpenApiSpecVersion.OpenApi3_1, document, out var diagnostic, "json");
        if (schema is null || diagnostic?.Errors.Count > 0)
            throw new InvalidOperationException($"A hand-written schema does not parse: {string.Join("; ", diagnostic?.Errors.Select(e => e.Message) ?? [])}\n{json}");
        return schema;
    }
}

/// <summary>
/// The answers every operation can give whatever its handler does, declared centrally: 400 (a NUL in the query string,
/// an unknown parameter), 401 (a key that is invalid or revoked is refused everywhere, and keyed operations need one),
/// 429 (the rate limiter runs before every endpoint) and 503 (the database is not reachable); 413 and 415 where a body
/// is sent. Every error answer is the one <see cref="ProblemSchemas.Problem"/> as application/problem+json.
/// </summary>
public sealed class StandardResponses : IOperationFilter
{
    private static readonly Dictionary<int, string> Reasons = new()
    {
        [200] = "OK",
        [201] = "Created",
        [204] = "Done; no body.",
        [304] = "Not modified: the validator sent (If-None-Match / If-Modified-Since) still matches; no body.",
        [400] = "A parameter, header or the body is malformed; the problem names it (parameter).",
        [401] = "A key is needed, or the key sent (Authorization: Bearer or X-Api-Key) is invalid or revoked.",
        [403] = "The key's role, or its organisation, does not allow this.",
        [404] = "What the path or a parameter names does not exist (the problem names the parameter).",
        [409] = "The request conflicts with what is stored (the problem says with what).",
        [412] = "If-Match names a version that is no longer current (currentVersion and the ETag give the current one).",
        [413] = "The body is larger than this endpoint's limit (limitBytes).",
        [415] = "The Content-Type is not accepted (accepted lists those that are), or the body is compressed.",
        [422] = "The body is well formed but invalid: errors lists every invalid field (for batches, every invalid row).",
        [428] = "If-Match is required: send the ETag of the version the change is made against.",
        [429] = "Rate limited (per key, or per address without one); retry after Retry-After seconds.",
        [503] = "The database is not reachable (nothing was written); retry after Retry-After seconds.",
    };

    /// <summary>The description of a status.</summary>
    public static string Describe(int status) => Reasons.GetValueOrDefault(status, "Status " + status);

    /// <inheritdoc />
    public void Apply(OpenApiOperation operation, OperationFilterContext context)
    {
        operation.Responses ??= [];
        var method = context.ApiDescription.HttpMethod ?? "GET";
        var sendsBody = operation.RequestBody is not null || method is "POST" or "PUT" or "PATCH";
        int[] generic = sendsBody ? [400, 401, 413, 415, 429, 503] : [400, 401, 429, 503];
        foreach (var status in generic) Ensure(operation, status);
        if (RoleSecurity.Needed(context) > Role.Anonymous) Ensure(operation, 403);

        foreach (var (key, value) in operation.Responses)
        {
            if (!int.TryParse(key, out var status) || value is not OpenApiResponse response) continue;
            if (Reasons.ContainsKey(status) && IsDefaultDescription(response.Description)) response.Description = Describe(status);
            if (status < 400) continue;
            response.Content = new Dictionary<string, IOpenApiMediaType>
            {
                [ProblemSchemas.MediaType] = new OpenApiMediaType { Schema = WireSchemaFilter.Component(ProblemSchemas.Problem, context) },
            };
            if (status is 429 or 503)
                response.Headers = new Dictionary<string, IOpenApiHeader>
                {
                    ["Retry-After"] = new OpenApiHeader { Description = "Seconds to wait before retrying.", Schema = new OpenApiSchema { Type = JsonSchemaType.String } },
                };
            if (status is 401)
                response.Headers = new Dictionary<string, IOpenApiHeader>
                {
                    ["WWW-Authenticate"] = new OpenApiHeader { Description = "Bearer", Schema = new OpenApiSchema { Type = JsonSchemaType.String } },
                };
        }
        // Responses in status order, as a reader expects them.
        var sorted = operation.Responses.OrderBy(r => r.Key, StringComparer.Ordinal).ToList();
        operation.Responses.Clear();
        foreach (var (k, v) in sorted) operation.Responses[k] = v;
    }

    private static void Ensure(OpenApiOperation operation, int status)
    {
        var key = status.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (!operation.Responses!.ContainsKey(key)) operation.Responses[key] = new OpenApiResponse { Description = Describe(status) };
    }

    // The framework's reason phrases ("Bad Request"), which say less than ours.
    private static bool IsDefaultDescription(string? d) => string.IsNullOrEmpty(d) || !d.Contains(' ') || d is "Bad Request" or "Not Found"
        or "Unsupported Media Type" or "Unprocessable Content" or "Unprocessable Entity" or "Content Too Large" or "Payload Too Large"
        or "Precondition Failed" or "Precondition Required" or "Too Many Requests" or "Service Unavailable" or "No Content" or "Not Modified";
}

/// <summary>
/// Security requirements derived from the role policy each endpoint carries (<c>.RequireRole(role)</c> attaches an
/// <see cref="IAuthorizeData"/> whose policy is the role's name): keyed operations require Bearer or X-Api-Key and say
/// which role in <c>x-required-role</c>; the others accept a key optionally (an empty requirement first), since a key
/// widens what a read returns.
/// </summary>
public sealed class RoleSecurity : IOperationFilter
{
    /// <summary>The security scheme of <c>Authorization: Bearer &lt;key&gt;</c>.</summary>
    public const string Bearer = "Bearer";

    /// <summary>The security scheme of <c>X-Api-Key: &lt;key&gt;</c>.</summary>
    public const string ApiKey = "ApiKey";

    /// <summary>The extension naming the least role an operation needs (anonymous, reader, reporter, reviewer, admin).</summary>
    public const string RequiredRole = "x-required-role";

    /// <summary>The least role the endpoint's policies require (Anonymous when it has none).</summary>
    public static Role Needed(OperationFilterContext context) =>
        context.ApiDescription.ActionDescriptor.EndpointMetadata.OfType<IAuthorizeData>()
            .Select(a => Enum.TryParse<Role>(a.Policy, ignoreCase: true, out var r) ? r : Role.Reader)
            .DefaultIfEmpty(Role.Anonymous).Max();

    /// <inheritdoc />
    public void Apply(OpenApiOperation operation, OperationFilterContext context)
    {
        var role = Needed(context);
        OpenApiSecurityRequirement Scheme(string name) => new() { [new OpenApiSecuritySchemeReference(name, context.Document)] = [] };
        operation.Security = role == Role.Anonymous ? [new OpenApiSecurityRequirement(), Scheme(Bearer), Scheme(ApiKey)] : [Scheme(Bearer), Scheme(ApiKey)];
        operation.Extensions ??= new Dictionary<string, IOpenApiExtension>();
        operation.Extensions[RequiredRole] = new JsonNodeExtension(JsonValue.Create(role.ToString().ToLowerInvariant()));
    }
}
