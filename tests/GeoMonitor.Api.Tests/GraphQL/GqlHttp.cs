using System.Net.Http.Json;
using System.Text.Json;

namespace GeoMonitor.Api.Tests.GraphQL;

/// <summary>Posts GraphQL requests to /graphql and picks answers out of the response.</summary>
public static class GqlHttp
{
    /// <summary>POSTs a request and returns the whole response body.</summary>
    public static async Task<JsonElement> Gql(this HttpClient client, string query, object? variables = null)
    {
        var res = await client.PostAsJsonAsync("/graphql", new { query, variables });
        var body = await res.Content.ReadAsStringAsync();
        Assert.True(body.Length > 0 && body[0] == '{', $"POST /graphql: {(int)res.StatusCode} {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    /// <summary>POSTs a request, asserts it has no errors, and returns data.</summary>
    public static async Task<JsonElement> Data(this HttpClient client, string query, object? variables = null)
    {
        var doc = await client.Gql(query, variables);
        Assert.False(doc.TryGetProperty("errors", out var errors), $"unexpected errors: {errors}");
        return doc.GetProperty("data");
    }

    /// <summary>POSTs a request and asserts it fails with an error whose extensions.code is <paramref name="code"/>; returns that error.</summary>
    public static async Task<JsonElement> Error(this HttpClient client, string code, string query, object? variables = null)
    {
        var doc = await client.Gql(query, variables);
        Assert.True(doc.TryGetProperty("errors", out var errors), $"expected an error {code}, got {doc}");
        var codes = errors.EnumerateArray()
            .Select(e => e.TryGetProperty("extensions", out var x) && x.TryGetProperty("code", out var c) ? c.GetString() : null).ToList();
        Assert.True(codes.Contains(code), $"expected code {code}, got {string.Join(", ", codes)}: {errors}");
        return errors.EnumerateArray().First(e => e.TryGetProperty("extensions", out var x) && x.TryGetProperty("code", out var c) && c.GetString() == code);
    }

    /// <summary>Walks a connection field through every page (first = <paramref name="pageSize"/>), returning the externalIds in order.</summary>
    public static async Task<List<string>> WalkAsync(this HttpClient client, string filterLiteral, int pageSize, string order = "OCCURRED_AT")
    {
        var ids = new List<string>();
        string? after = null;
        for (var pages = 0; pages < 1000; pages++)
        {
            var data = await client.Data($$"""
                query ($after: Cursor) {
                  incidents(filter: {{filterLiteral}}, first: {{pageSize}}, after: $after, orderBy: {{order}}) {
                    edges { cursor node { externalId } }
                    pageInfo { hasNextPage endCursor }
                  }
                }
                """, new { after });
            var conn = data.GetProperty("incidents");
            ids.AddRange(conn.GetProperty("edges").EnumerateArray().Select(e => e.GetProperty("node").GetProperty("externalId").GetString()!));
            var info = conn.GetProperty("pageInfo");
            if (!info.GetProperty("hasNextPage").GetBoolean()) return ids;
            after = info.GetProperty("endCursor").GetString();
        }
        throw new InvalidOperationException("more than 1000 pages");
    }
}
