using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace GeoMonitor.Api.Tests.Security;

/// <summary>The API's endpoints as the running host knows them (its EndpointDataSource), by method and route.</summary>
public static class EndpointCatalog
{
    /// <summary>An endpoint: one HTTP method, its route pattern, and the authorization policies on it.</summary>
    public sealed record Entry(string Method, string Route, IReadOnlyList<string> Policies)
    {
        /// <summary>"METHOD /route".</summary>
        public string Key => $"{Method} {Route}";
    }

    private static readonly string[] WriteMethods = ["POST", "PUT", "PATCH", "DELETE"];

    /// <summary>Every route endpoint, one entry per method.</summary>
    public static IReadOnlyList<Entry> All(IServiceProvider services) =>
        services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .SelectMany(e => (e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["*"]).Select(m => new Entry(
                m, "/" + (e.RoutePattern.RawText ?? "").Trim('/'),
                e.Metadata.GetOrderedMetadata<IAuthorizeData>().Select(a => a.Policy ?? "(default)").ToList())))
            .DistinctBy(e => e.Key)
            .OrderBy(e => e.Key, StringComparer.Ordinal)
            .ToList();

    /// <summary>The endpoints that change data (POST, PUT, PATCH, DELETE), except /graphql (its mutations are checked one by one).</summary>
    public static IReadOnlyList<Entry> Writes(IServiceProvider services) =>
        All(services).Where(e => WriteMethods.Contains(e.Method) && e.Route != "/graphql").ToList();

    /// <summary>The GET endpoints.</summary>
    public static IReadOnlyList<Entry> Reads(IServiceProvider services) => All(services).Where(e => e.Method == "GET").ToList();

    /// <summary>The route's parameter names ({id:long} → id).</summary>
    public static IEnumerable<string> RouteParameters(string route) =>
        System.Text.RegularExpressions.Regex.Matches(route, @"\{\*?(\w+)[^}]*\}").Select(m => m.Groups[1].Value);

    /// <summary>The route with each parameter replaced by <paramref name="value"/>(name).</summary>
    public static string Fill(string route, Func<string, string> value) =>
        System.Text.RegularExpressions.Regex.Replace(route, @"\{\*?(\w+)[^}]*\}", m => value(m.Groups[1].Value));
}
