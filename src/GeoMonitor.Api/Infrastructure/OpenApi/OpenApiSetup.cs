using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace GeoMonitor.Api.Infrastructure.OpenApi;

/// <summary>
/// The OpenAPI 3.1 document at /swagger/v1/swagger.json and Swagger UI at /swagger. What the document promises is
/// checked against real answers by scripts/test-openapi.sh (a validating proxy in front of the API); docs/api.md,
/// "OpenAPI", gives the decisions.
/// </summary>
public static class OpenApiSetup
{
    /// <summary>The path of the document.</summary>
    public const string DocumentPath = "/swagger/v1/swagger.json";

    /// <summary>Registers the OpenAPI generator.</summary>
    public static IServiceCollection AddGeoMonitorOpenApi(this IServiceCollection services)
    {
        services.AddEndpointsApiExplorer();
        services.AddSwaggerGen(o =>
        {
            o.SwaggerDoc("v1", new()
            {
                Title = "GeoMonitor API",
                Version = "v1",
                Description = """
                    Spatial-temporal monitoring of the Blue Line area: lines, zones, corridors, truces and incidents.

                    Reads need no key (they then return published incidents only); a key, sent as `Authorization: Bearer <key>`
                    or `X-Api-Key: <key>`, widens what reads return and is needed for writes (each operation's
                    x-required-role names the least role: reader < reporter < reviewer < admin). Every error is
                    application/problem+json (the Problem schema). The headline question, incidents in zone X during truce Y:
                    GET /api/incidents?zone=withdrawal-phase1-west&truce=ceasefire-2026-04.
                    """,
                License = new OpenApiLicense { Name = "Data: see each answer's licence member" },
            });
            o.AddSecurityDefinition(RoleSecurity.Bearer, new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.Http,
                Scheme = "bearer",
                BearerFormat = "API key (gm_…)",
                Description = "An API key as a bearer token: Authorization: Bearer gm_…",
            });
            o.AddSecurityDefinition(RoleSecurity.ApiKey, new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.ApiKey,
                In = ParameterLocation.Header,
                Name = "X-Api-Key",
                Description = "The same API key in the X-Api-Key header.",
            });
            // Reference types are nullable only where the C# type says so (string? → ["string", "null"]).
            o.SupportNonNullableReferenceTypes();
            // System.Text.Json writes every member of a record, null included: all are required.
            o.SchemaFilter<EveryMemberWritten>();
            // Free-form JSON (a revision's changes, a conflict's details): any JSON value.
            o.MapType<JsonNode>(() => new OpenApiSchema { Description = "Any JSON value." });
            o.MapType<JsonObject>(() => new OpenApiSchema { Type = JsonSchemaType.Object, Description = "A JSON object." });
            o.MapType<JsonElement>(() => new OpenApiSchema { Description = "Any JSON value." });
            // A batch's errors are the problems' errors: one hand-written schema for both (Problem adds it to the components).
            o.MapType<Features.Common.FieldError>(() => new OpenApiSchemaReference(ProblemSchemas.FieldError.Name));
            o.OperationFilter<WireSchemaFilter>();
            o.OperationFilter<RoleSecurity>();
            o.OperationFilter<StandardResponses>();
            o.DocumentFilter<DropUnusedSchemas>();
        });
        return services;
    }

    /// <summary>Serves the document (with this server's URL in <c>servers</c>) and the UI.</summary>
    public static WebApplication UseGeoMonitorOpenApi(this WebApplication app)
    {
        app.UseSwagger(o =>
        {
            o.OpenApiVersion = OpenApiSpecVersion.OpenApi3_1;
            o.PreSerializeFilters.Add((doc, request) => doc.Servers =
            [
                new OpenApiServer { Url = $"{request.Scheme}://{request.Host.Value}{request.PathBase}", Description = "This server" },
            ]);
        });
        app.UseSwaggerUI(o =>
        {
            o.DocumentTitle = "GeoMonitor API";
            o.EnablePersistAuthorization();
        });
        return app;
    }
}

/// <summary>Marks every member of a generated object schema required: System.Text.Json writes them all, null included.</summary>
public sealed class EveryMemberWritten : ISchemaFilter
{
    /// <inheritdoc />
    public void Apply(IOpenApiSchema schema, SchemaFilterContext context)
    {
        if (schema is not OpenApiSchema { Properties.Count: > 0 } s || context.Type.Assembly != typeof(EveryMemberWritten).Assembly) return;
        s.Required = new SortedSet<string>(s.Properties.Keys, StringComparer.Ordinal);
        // A member of another record's type that may be null (HealthReport.readReplica) is a reference, which cannot say
        // "or null" by itself: it becomes oneOf [the reference, null].
        var nullability = new System.Reflection.NullabilityInfoContext();
        foreach (var property in context.Type.GetProperties())
        {
            var name = JsonNamingPolicy.CamelCase.ConvertName(property.Name);
            if (s.Properties.TryGetValue(name, out var member) && member is OpenApiSchemaReference reference
                && nullability.Create(property).ReadState == System.Reflection.NullabilityState.Nullable)
                s.Properties[name] = new OpenApiSchema { OneOf = [reference, new OpenApiSchema { Type = JsonSchemaType.Null }] };
        }
    }
}

/// <summary>Removes the framework's ProblemDetails schemas, which the one Problem schema replaces, when nothing refers to them.</summary>
public sealed class DropUnusedSchemas : IDocumentFilter
{
    /// <inheritdoc />
    public void Apply(OpenApiDocument document, DocumentFilterContext context)
    {
        if (document.Components?.Schemas is not { } schemas) return;
        var json = document.SerializeAsJsonAsync(OpenApiSpecVersion.OpenApi3_1).GetAwaiter().GetResult();
        foreach (var name in new[] { "ProblemDetails", "HttpValidationProblemDetails", "JsonNodeOptions" })
            if (schemas.ContainsKey(name) && !json.Contains($"\"#/components/schemas/{name}\"", StringComparison.Ordinal))
                schemas.Remove(name);
    }
}
