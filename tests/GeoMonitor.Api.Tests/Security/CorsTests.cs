using System.Net;
using GeoMonitor.Api.Tests.BadInput;

namespace GeoMonitor.Api.Tests.Security;

/// <summary>
/// CORS is for reads: a page on any origin may GET the public data, but no origin is allowed to send a write (the
/// preflight for POST/PUT/PATCH/DELETE gets no Access-Control-Allow-Origin, so the browser never sends the request).
/// </summary>
public sealed class CorsTests(BadInputFixture api) : IClassFixture<BadInputFixture>
{
    private const string Origin = "https://elsewhere.example";

    [Theory]
    [InlineData("/api/zones")]
    [InlineData("/api/incidents")]
    [InlineData("/api/locate?lon=35.5&lat=33.2")]
    public async Task Reads_are_allowed_from_any_origin(string path)
    {
        var req = new HttpRequestMessage(HttpMethod.Get, path);
        req.Headers.Add("Origin", Origin);
        var res = await api.CreateClient().SendAsync(req);
        Assert.Equal(HttpStatusCode.OK, res.StatusCode);
        Assert.Equal("*", res.Headers.GetValues("Access-Control-Allow-Origin").Single());

        var preflight = Preflight(path, "GET", "authorization");
        var pre = await api.CreateClient().SendAsync(preflight);
        Assert.Equal("*", pre.Headers.GetValues("Access-Control-Allow-Origin").Single());
    }

    [Fact]
    public async Task No_origin_may_send_a_write()
    {
        var writes = EndpointCatalog.Writes(api.Services);
        Assert.NotEmpty(writes);
        var failures = new List<string>();
        foreach (var (method, route, _) in writes)
        {
            var path = EndpointCatalog.Fill(route, p => p == "id" ? "1" : "blue-line");
            var pre = await api.CreateClient().SendAsync(Preflight(path, method, "authorization,content-type"));
            if (pre.Headers.Contains("Access-Control-Allow-Origin"))
                failures.Add($"preflight for {method} {path} allowed {string.Join(",", pre.Headers.GetValues("Access-Control-Allow-Origin"))}");

            // Sent anyway (a non-browser client): no CORS header on the answer, whatever it is.
            var req = new HttpRequestMessage(new HttpMethod(method), path) { Content = new StringContent("{}", System.Text.Encoding.UTF8, "application/json") };
            req.Headers.Add("Origin", Origin);
            var res = await api.CreateClient().SendAsync(req);
            if (res.Headers.Contains("Access-Control-Allow-Origin")) failures.Add($"{method} {path} answered with Access-Control-Allow-Origin");
        }
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    [Fact]
    public async Task Another_origin_may_query_graphql_but_not_send_a_key()
    {
        // Queries travel as POST, so POST is allowed cross-origin; without a key a browser elsewhere sees what anyone
        // sees and cannot run a mutation (those need a key).
        var anonymous = await api.CreateClient().SendAsync(Preflight("/graphql", "POST", "content-type"));
        Assert.Equal("*", anonymous.Headers.GetValues("Access-Control-Allow-Origin").Single());
        foreach (var header in new[] { "authorization", "x-api-key" })
        {
            // The browser sends the request only if the preflight's Access-Control-Allow-Headers names the header.
            var keyed = await api.CreateClient().SendAsync(Preflight("/graphql", "POST", "content-type," + header));
            var allowed = keyed.Headers.TryGetValues("Access-Control-Allow-Headers", out var h) ? string.Join(",", h) : "";
            Assert.DoesNotContain(header, allowed, StringComparison.OrdinalIgnoreCase);
        }
    }

    private static HttpRequestMessage Preflight(string path, string method, string headers)
    {
        var req = new HttpRequestMessage(HttpMethod.Options, path);
        req.Headers.Add("Origin", Origin);
        req.Headers.Add("Access-Control-Request-Method", method);
        req.Headers.Add("Access-Control-Request-Headers", headers);
        return req;
    }
}
