using GeoMonitor.Api.Infrastructure.Auth;
using static GeoMonitor.Api.Tests.BadInput.Bodies;

namespace GeoMonitor.Api.Tests.BadInput;

/// <summary>Compressed bodies that expand enormously, methods an endpoint does not have, and mangled paths.</summary>
public static class TransportCases
{
    /// <summary>All transport cases.</summary>
    public static IEnumerable<BadCase> All()
    {
        // Compressed bodies: the server does not decompress request bodies, and says so (415) rather than parse the
        // compressed bytes. 1 GiB of '[' compresses to about 1 MB with gzip, and far less with brotli.
        foreach (var (path, type) in (ValueTuple<string, string>[])[("/api/incidents", "application/json"), ("/api/incidents/batch", "text/csv"),
                     ("/api/incidents/batch", "application/geo+json"), ("/graphql", "application/json")])
        {
            var target = path.Trim('/').Replace('/', '-') + (type == "application/geo+json" ? "-geojson" : "");
            yield return Post($"transport/gzip-bomb-1gb/{target}", path, () => Bomb("gzip", 1L << 30, type));
            yield return Post($"transport/brotli-bomb-1gb/{target}", path, () => Bomb("br", 1L << 30, type, 0));
            yield return Post($"transport/deflate-bomb/{target}", path, () => Bomb("deflate", 64L << 20, type));
        }
        yield return Post("transport/gzip-small-valid-json", "/api/incidents", () => Bomb("gzip", 10, "application/json"));
        yield return Post("transport/unknown-content-encoding", "/api/incidents", () =>
        {
            var c = Text(ValidReport, "application/json");
            c.Headers.ContentEncoding.Add("x-frobnicate");
            return c;
        });
        yield return Post("transport/gzip-then-identity", "/api/incidents", () =>
        {
            var c = Bomb("gzip", 1 << 20, "application/json");
            c.Headers.ContentEncoding.Add("identity");
            return c;
        });

        // Methods the endpoints do not have.
        foreach (var (method, path) in (ValueTuple<string, string>[])[("PUT", "/api/incidents"), ("DELETE", "/api/incidents/1"), ("DELETE", "/api/zones"),
                     ("PUT", "/api/zones/x"), ("POST", "/api/locate"), ("PATCH", "/api/incidents/batch"), ("DELETE", "/graphql"), ("POST", "/ogc/collections")])
            yield return new BadCase($"transport/method/{method}{path.Replace('/', '-')}", method, path,
                method is "GET" or "DELETE" ? null : () => Text(ValidReport, "application/json"), Role.Admin);

        // Paths
        yield return new BadCase("transport/path/100k-segment", "GET", "/api/" + new string('z', 100_000));
        yield return new BadCase("transport/path/encoded-traversal", "GET", "/api/%2e%2e/%2e%2e/etc/passwd");
        yield return new BadCase("transport/path/nul", "GET", "/api/zones%00");
        yield return new BadCase("transport/path/invalid-utf8", "GET", "/api/zones/%C3%28");
    }

    private static BadCase Post(string name, string path, Func<HttpContent> body) =>
        new(name, "POST", path, body, Role.Reporter, path == "/graphql" ? Refusal.GraphQL : Refusal.Problem);
}
