using System.Net;
using System.Text.Json;

namespace GeoMonitor.Api.Tests.Query;

/// <summary>Small helpers to call the read API and pick answers out of its JSON.</summary>
public static class QueryHttp
{
    /// <summary>GETs <paramref name="url"/>, asserts 200, and parses the body.</summary>
    public static async Task<JsonElement> GetJson(this HttpClient client, string url)
    {
        var res = await client.GetAsync(url);
        var body = await res.Content.ReadAsStringAsync();
        Assert.True(res.StatusCode == HttpStatusCode.OK, $"GET {url}: {(int)res.StatusCode} {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    /// <summary>The externalIds of a FeatureCollection, sorted.</summary>
    public static string[] ExternalIds(JsonElement collection) =>
        collection.GetProperty("features").EnumerateArray()
            .Select(f => f.GetProperty("properties").GetProperty("externalId").GetString()!).Order(StringComparer.Ordinal).ToArray();

    /// <summary>GETs a FeatureCollection and returns its externalIds, sorted.</summary>
    public static async Task<string[]> Ids(this HttpClient client, string url) => ExternalIds(await client.GetJson(url));

    /// <summary>The externalIds of some points, sorted.</summary>
    public static string[] Expect(IEnumerable<QueryData.Point> points) => points.Select(p => p.Ext).Order(StringComparer.Ordinal).ToArray();

    /// <summary>GETs <paramref name="url"/> and asserts a problem with <paramref name="status"/> naming <paramref name="parameter"/>.</summary>
    public static async Task<JsonElement> Problem(this HttpClient client, string url, HttpStatusCode status, string parameter)
    {
        var res = await client.GetAsync(url);
        var body = await res.Content.ReadAsStringAsync();
        Assert.True(res.StatusCode == status, $"GET {url}: expected {(int)status}, got {(int)res.StatusCode} {body}");
        Assert.Equal("application/problem+json", res.Content.Headers.ContentType?.MediaType);
        var doc = JsonDocument.Parse(body).RootElement.Clone();
        Assert.Equal(parameter, doc.GetProperty("parameter").GetString());
        Assert.False(string.IsNullOrWhiteSpace(doc.GetProperty("detail").GetString()));
        return doc;
    }
}
