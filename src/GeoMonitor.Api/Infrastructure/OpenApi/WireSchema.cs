namespace GeoMonitor.Api.Infrastructure.OpenApi;

/// <summary>
/// A JSON Schema (OpenAPI 3.1 dialect) written by hand for a body that a handler writes or reads by hand (streamed
/// with a Utf8JsonWriter, built by PostGIS, or parsed field by field), where no C# type describes the bytes. It becomes
/// <c>#/components/schemas/{Name}</c>; <paramref name="Uses"/> are the schemas its <c>$ref</c>s name, added with it.
/// </summary>
/// <param name="Name">The component name.</param>
/// <param name="Json">The schema; refer to others as <c>{"$ref": "#/components/schemas/Other"}</c>.</param>
/// <param name="Uses">The hand-written schemas it refers to (generated ones need not be listed).</param>
public sealed record WireSchema(string Name, string Json, params WireSchema[] Uses)
{
    /// <summary>Plain text (CSV, HTML): a string.</summary>
    public static readonly WireSchema Text = new("Text", """{"type": "string"}""");

    /// <summary>Bytes (a vector tile).</summary>
    public static readonly WireSchema Binary = new("Binary", """{"type": "string", "format": "binary"}""");

    /// <summary>This schema and every one it uses, each once.</summary>
    public IEnumerable<WireSchema> WithDependencies()
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var stack = new Stack<WireSchema>([this]);
        while (stack.TryPop(out var s))
        {
            if (!seen.Add(s.Name)) continue;
            yield return s;
            foreach (var u in s.Uses) stack.Push(u);
        }
    }
}

/// <summary>Endpoint metadata: status <paramref name="Status"/> answers a body of <paramref name="Schema"/> in each media type.</summary>
public sealed record WireResponse(int Status, WireSchema Schema, IReadOnlyList<string> ContentTypes);

/// <summary>Endpoint metadata: the request body the handler reads by hand, in each media type.</summary>
public sealed record WireRequest(WireSchema Schema, IReadOnlyList<string> ContentTypes, bool Required = true);

/// <summary>Endpoint metadata: the query parameters (and request headers) a handler reads by hand, described from <see cref="ParameterGlossary"/>.</summary>
public sealed record DocumentedParameters(IReadOnlyList<string> Query, IReadOnlyList<string> Headers);

/// <summary>The endpoint conventions that describe hand-written bodies and parameters in the OpenAPI document.</summary>
public static class WireSchemaEndpoints
{
    /// <summary>Status <paramref name="status"/> answers <paramref name="schema"/> in <paramref name="contentTypes"/> (default application/json).</summary>
    public static TBuilder ProducesWire<TBuilder>(this TBuilder builder, int status, WireSchema schema, params string[] contentTypes)
        where TBuilder : IEndpointConventionBuilder
    {
        string[] types = contentTypes.Length == 0 ? ["application/json"] : contentTypes;
        return builder.WithMetadata(new WireResponse(status, schema, types));
    }

    /// <summary>The body the handler reads, in <paramref name="contentTypes"/> (default application/json).</summary>
    public static TBuilder AcceptsWire<TBuilder>(this TBuilder builder, WireSchema schema, params string[] contentTypes)
        where TBuilder : IEndpointConventionBuilder
    {
        string[] types = contentTypes.Length == 0 ? ["application/json"] : contentTypes;
        return builder.WithMetadata(new WireRequest(schema, types));
    }

    /// <summary>The query parameters the handler knows (the list its QueryReader accepts), described from the glossary.</summary>
    public static TBuilder WithQuery<TBuilder>(this TBuilder builder, params IEnumerable<string> names) where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new DocumentedParameters([.. names], []));

    /// <summary>The request headers the handler reads (If-Match, If-None-Match, …), described from the glossary.</summary>
    public static TBuilder WithRequestHeaders<TBuilder>(this TBuilder builder, params string[] names) where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new DocumentedParameters([], names));
}
