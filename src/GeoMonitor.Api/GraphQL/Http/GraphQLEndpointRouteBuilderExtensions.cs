using GeoMonitor.GraphQL.Types;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace GeoMonitor.Api.GraphQL.Http;

/// <summary>Maps a GraphQL-over-HTTP endpoint (and GraphiQL for browsers) onto a route.</summary>
public static class GraphQLEndpointRouteBuilderExtensions
{
    /// <summary>
    /// Maps GET and POST on <paramref name="path"/>; <paramref name="configure"/> picks the schema, context and limits
    /// for each request (for example from the signed-in user). GraphiQL's files are served under <c>{path}/graphiql/</c>.
    /// The returned builder applies conventions such as authorization or rate limiting to both.
    /// </summary>
    public static RouteGroupBuilder MapGraphQL(
        this IEndpointRouteBuilder endpoints,
        string path,
        Func<HttpContext, GraphQLRequestOptions> configure,
        GraphQLEndpointOptions? options = null)
    {
        options ??= new GraphQLEndpointOptions();
        var normalized = "/" + path.Trim('/');
        var graphiQL = new GraphiQLAssets(options.GraphiQLDirectory, normalized);
        var group = endpoints.MapGroup(normalized);
        group.MapMethods(string.Empty, [HttpMethods.Get, HttpMethods.Post], (HttpContext http) => GraphQLHttpHandler.HandleAsync(http, configure, options, graphiQL))
            .DisableAntiforgery();
        if (options.EnableGraphiQL)
        {
            // GraphiQL's own files (HTML, scripts) are not an API operation.
            group.MapGet("graphiql/{**file}", (HttpContext http, string? file) => graphiQL.ServeAssetAsync(http, file)).ExcludeFromDescription();
        }
        return group;
    }

    /// <summary>Maps a GraphQL endpoint for a fixed schema; resolvers get the HttpContext as their user context.</summary>
    public static RouteGroupBuilder MapGraphQL(this IEndpointRouteBuilder endpoints, string path, Schema schema, GraphQLEndpointOptions? options = null) =>
        endpoints.MapGraphQL(path, _ => new GraphQLRequestOptions { Schema = schema }, options);
}
