using GeoMonitor.GraphQL.Limits;
using GeoMonitor.GraphQL.Types;

namespace GeoMonitor.Api.GraphQL.Http;

/// <summary>What one HTTP request executes against: chosen per request so the schema or limits can depend on the caller.</summary>
public sealed record GraphQLRequestOptions
{
    /// <summary>The schema to execute against.</summary>
    public required Schema Schema { get; init; }

    /// <summary>The object resolvers see as <c>ResolveContext.UserContext</c>; the HttpContext when null.</summary>
    public object? UserContext { get; init; }

    /// <summary>The root value for root fields.</summary>
    public object? RootValue { get; init; }

    /// <summary>Request limits; <see cref="GraphQLLimits.Default"/> when null.</summary>
    public GraphQLLimits? Limits { get; init; }
}

/// <summary>Settings of a mapped GraphQL endpoint that do not change per request.</summary>
public sealed record GraphQLEndpointOptions
{
    /// <summary>Serve GraphiQL to browsers that GET the endpoint without a query.</summary>
    public bool EnableGraphiQL { get; init; } = true;

    /// <summary>Folder with the GraphiQL files; by default wwwroot/graphiql of the web root or of the application folder.</summary>
    public string? GraphiQLDirectory { get; init; }

    /// <summary>Largest accepted POST body in bytes.</summary>
    public long MaxBodyBytes { get; init; } = 1024 * 1024;
}
